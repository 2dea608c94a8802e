package io.contactd.exports;

import io.contactd.jobs.JobHooks;

/**
 * Who hears of an export's start and outcome (emulator faults, webhooks) and of each export that
 * became ready (metrics); shared by the plan job, the shard jobs and the publisher, so that each
 * outcome is told once, by whoever decided it.
 */
final class ExportEvents {
  volatile Exports.Observer observer = (contacts, bytes) -> {};
  volatile JobHooks hooks = JobHooks.NONE;
}
