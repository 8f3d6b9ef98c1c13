package dev.palisade.audit.api;

/** A query parameter the audit API cannot accept; its message tells the caller what to fix. */
final class InvalidQueryException extends RuntimeException {

  InvalidQueryException(String description) {
    super(description);
  }
}
