package dev.palisade.audit.chain;

import java.io.IOException;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The canonical forms a record has been hashed in. A record names its form in its {@code v}
 * member; a record without one is version 1. Chains sealed before version 2 keep their version 1
 * records as they are, so a chain may hold both, and both verifiers read each record's own.
 *
 * <p>In both forms a member whose value is {@code null} is left out (at every level), as the
 * API leaves it out, so the canonical form can be rebuilt from any record the API returns.
 */
public enum ChainFormat {

  /** Jackson with object keys sorted: close to RFC 8785, not it. Read-only since version 2. */
  V1(1) {
    @Override
    public String canonical(Object value) {
      return withoutNulls(value);
    }
  },

  /** RFC 8785, the JSON Canonicalization Scheme, over the value without its null members. */
  V2(2) {
    @Override
    public String canonical(Object value) {
      try {
        return new JsonCanonicalizer(withoutNulls(value)).getEncodedString();
      } catch (IOException e) {
        throw new IllegalArgumentException("value cannot be canonicalised", e);
      }
    }
  },
  ;

  /** The form the server seals new records in. */
  public static final ChainFormat CURRENT = V2;
  /** The member of a record that names its form; absent in version 1 records. */
  public static final String VERSION_MEMBER = "v";

  // Sorted keys are what version 1 is; for version 2 they only make JCS's own sort cheaper.
  private static final ObjectMapper WITHOUT_NULLS = new ObjectMapper()
      .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
      .setDefaultPropertyInclusion(
          JsonInclude.Value.construct(JsonInclude.Include.NON_NULL, JsonInclude.Include.NON_NULL));

  private final int version;

  ChainFormat(int version) {
    this.version = version;
  }

  /** The canonical JSON of a record or checkpoint given as maps and lists: the bytes hashed. */
  public abstract String canonical(Object value);

  public int version() {
    return version;
  }

  /** The form numbered {@code version}. */
  public static ChainFormat of(int version) {
    for (ChainFormat format : values()) {
      if (format.version == version) {
        return format;
      }
    }
    throw new IllegalArgumentException("unknown chain format version " + version);
  }

  /** The form a record (as the API or an export shows it) was hashed in. */
  public static ChainFormat ofRecord(Map<String, Object> record) {
    Object version = record.get(VERSION_MEMBER);
    if (version == null) {
      return V1;
    }
    if (version instanceof Number number && number.longValue() == number.intValue()) {
      return of(number.intValue());
    }
    throw new IllegalArgumentException("unknown chain format version " + version);
  }

  private static String withoutNulls(Object value) {
    try {
      return WITHOUT_NULLS.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be serialised", e);
    }
  }
}
