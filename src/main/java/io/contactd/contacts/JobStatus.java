package io.contactd.contacts;

/**
 * The lifecycle of a contact job: {@code pending} until a worker applies it in one transaction,
 * then {@code completed} (no row failed), {@code errored} (some rows failed) or {@code failed}
 * (every row failed, or the work could not be done). Only pending jobs change.
 */
enum JobStatus {
  PENDING,
  COMPLETED,
  ERRORED,
  FAILED;

  String wire() {
    return name().toLowerCase();
  }

  static JobStatus of(String wire) {
    return valueOf(wire.toUpperCase());
  }

  static JobStatus outcome(long requested, long errored) {
    if (errored == 0) {
      return COMPLETED;
    }
    return errored >= requested ? FAILED : ERRORED;
  }
}
