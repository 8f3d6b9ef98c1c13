#!/usr/bin/env python3
"""usage: python3 verify-export.py KEYS.json EXPORT.jsonl [TRUSTED_CHECKPOINT ...]

Verifies a Palisade audit export (docs/audit.md) with the realm's JWKS (…/audit/keys) and
checkpoints saved earlier (a JWS, or the last line of an export). Prints "OK: …" (exit 0) or
"FAILED at seq N: …" (exit 1); exit 2 when an input cannot be read. Needs `cryptography`
(Debian: python3-cryptography).
"""
import base64, hashlib, json, sys
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey


def b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def jcs_ordered(value):
    """The value with null members left out and names in RFC 8785 order (UTF-16 code units)."""
    if isinstance(value, dict):
        names = sorted(value, key=lambda name: name.encode("utf-16-be"))
        return {name: jcs_ordered(value[name]) for name in names if value[name] is not None}
    return [jcs_ordered(item) for item in value] if isinstance(value, list) else value


def signed_payload(jws, keys):
    """The payload of a checkpoint JWS, or None unless the key its kid names signed it."""
    header, payload, signature = jws.split(".")
    protected = json.loads(b64url(header))
    key = keys.get(protected.get("kid"))
    if protected.get("alg") != "EdDSA" or key is None:
        return None
    try:
        key.verify(b64url(signature), f"{header}.{payload}".encode("ascii"))
    except InvalidSignature:
        return None
    return json.loads(b64url(payload))


def verify(lines, keys, trusted):
    """(exit code, message) for an export: its chain, closing checkpoint and saved ones."""
    chain, seq, closing = "0" * 64, 0, None
    for line in filter(str.strip, lines):
        record = json.loads(line)
        if closing is not None:
            return 1, f"FAILED at seq {seq + 1}: a record follows the checkpoint"
        if record.get("type") == "checkpoint":
            closing = record
            continue
        seq += 1
        if record.get("seq") != seq:
            return 1, f"FAILED at seq {seq}: expected record {seq}, found {record.get('seq')}"
        claimed = record.pop("hash", None)
        # RFC 8785 for the values records hold; docs/audit.md says when this is exactly that.
        canonical = json.dumps(jcs_ordered(record), separators=(",", ":"), ensure_ascii=False)
        chain = hashlib.sha256(f"{chain}\n{canonical}".encode("utf-8")).hexdigest()
        if chain != claimed:
            return 1, f"FAILED at seq {seq}: record hash does not match the chain"
        if seq in trusted and trusted[seq]["hash"] != chain:
            return 1, f"FAILED at seq {seq}: the chain differs from trusted checkpoint {seq}"
    head = signed_payload(closing["jws"], keys) if closing else None
    if head is None:
        return 1, f"FAILED at seq {seq}: it does not end with a checkpoint signed by KEYS.json"
    if (head["seq"], head["hash"]) != (seq, chain):
        return 1, f"FAILED at seq {min(seq, head['seq']) + 1}: the checkpoint covers " \
            f"record {head['seq']}, the export ends at {seq}"
    for saved in trusted.values():
        if saved["seq"] > seq or saved["realm"] != head["realm"]:
            return 1, f"FAILED at seq {min(seq + 1, saved['seq'])}: trusted checkpoint " \
                f"{saved['seq']} of {saved['realm']} is not on this chain of {head['realm']}"
    return 0, f"OK: {seq} records, chain head {chain}, checkpoint {closing['kid']} signed at " \
        f"{head['time']}" + (f", extends {len(trusted)} trusted checkpoint(s)" if trusted else "")


def main(keys_file, export_file, *trusted_files):
    keys = {jwk["kid"]: Ed25519PublicKey.from_public_bytes(b64url(jwk["x"]))
            for jwk in json.load(open(keys_file, encoding="utf-8"))["keys"]
            if jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519"}
    trusted = {}
    for name in trusted_files:
        text = open(name, encoding="utf-8").read().strip()  # a JWS, or an export's last line
        saved = signed_payload(json.loads(text)["jws"] if text.startswith("{") else text, keys)
        if saved is None:
            raise ValueError(f"trusted checkpoint {name} is not signed by a key of {keys_file}")
        trusted[saved["seq"]] = saved
    code, message = verify(open(export_file, encoding="utf-8"), keys, trusted)
    print(message)
    return code


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    try:
        sys.exit(main(*sys.argv[1:]))
    except Exception as error:  # unreadable input is no verdict: exit 2, never 1
        print(f"cannot check: {type(error).__name__}: {error}", file=sys.stderr)
        sys.exit(2)
