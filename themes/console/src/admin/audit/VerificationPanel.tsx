import {
  Button,
  Card,
  CardBody,
  CardFooter,
  CardTitle,
  Icon,
  Spinner,
  Text,
  TextContent,
} from "@patternfly/react-core";
import { CheckCircleIcon, ExclamationCircleIcon } from "@patternfly/react-icons";
import { useTranslation } from "react-i18next";
import type { Verification } from "./auditApi";
import { formatInstant } from "./instants";

/**
 * The answer of `GET …/audit/verify`: whether the realm's chain holds, where it first breaks,
 * and the signed checkpoint the verification started from. Once the server has answered,
 * `data-ok` carries the chain's verdict, or `data-failed` says the verification itself did not
 * run (a 429 while another one runs, say).
 */
export function VerificationPanel({ verification, failure, busy, onVerify }: {
  verification?: Verification;
  failure?: string;
  busy: boolean;
  onVerify: () => void;
}) {
  const { t, i18n } = useTranslation();
  const checkpoint = verification?.checkpoint;
  return (
    <Card
      component="section"
      aria-labelledby="audit-verification-title"
      data-testid="audit-verification"
      {...(busy ? {} : failure ? { "data-failed": "true" }
        : verification ? { "data-ok": String(verification.ok) } : {})}
    >
      <CardTitle id="audit-verification-title" component="h2">
        {t("palisadeAuditVerification")}
      </CardTitle>
      <CardBody>
        <div aria-live="polite">
          {busy ? (
            <Spinner size="md" aria-label={t("palisadeAuditVerifying")} />
          ) : failure ? (
            <Text>{t("palisadeAuditVerifyFailed", { error: failure })}</Text>
          ) : verification ? (
            <TextContent>
              <Text component="p" data-testid="audit-verification-status">
                <Icon status={verification.ok ? "success" : "danger"} isInline className="pf-v5-u-mr-sm">
                  {verification.ok ? <CheckCircleIcon /> : <ExclamationCircleIcon />}
                </Icon>
                {verification.ok
                  ? t("palisadeAuditChainOk", { count: verification.events })
                  : verification.firstBadSeq != null
                    ? t("palisadeAuditChainBroken", {
                        seq: verification.firstBadSeq,
                        count: verification.events,
                      })
                    : t("palisadeAuditChainUnchained", { count: verification.unchained ?? 0 })}
              </Text>
              {checkpoint ? (
                <Text component="p">
                  {t("palisadeAuditCheckpointAt")}{" "}
                  <strong data-testid="audit-checkpoint-seq">{checkpoint.seq}</strong>
                  {checkpoint.time && (
                    <>
                      {", "}
                      {t("palisadeAuditCheckpointSigned")}{" "}
                      <time dateTime={checkpoint.time}>
                        {formatInstant(checkpoint.time, i18n.language)}
                      </time>
                    </>
                  )}
                  {checkpoint.kid && (
                    <>
                      {", "}
                      {t("palisadeAuditCheckpointKey")} <code>{checkpoint.kid}</code>
                    </>
                  )}
                  {checkpoint.valid === false && <> — {t("palisadeAuditCheckpointInvalid")}</>}
                </Text>
              ) : (
                <Text component="p">{t("palisadeAuditNoCheckpoint")}</Text>
              )}
              {verification.mode && (
                <Text component="small">
                  {t(verification.mode === "full" ? "palisadeAuditModeFull" : "palisadeAuditModeIncremental",
                    { seq: verification.verifiedFrom ?? 0 })}
                </Text>
              )}
            </TextContent>
          ) : null}
        </div>
      </CardBody>
      <CardFooter>
        <Button variant="secondary" data-testid="audit-verify" onClick={onVerify} isDisabled={busy}>
          {t("palisadeAuditVerifyAgain")}
        </Button>
      </CardFooter>
    </Card>
  );
}
