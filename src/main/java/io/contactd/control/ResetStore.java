package io.contactd.control;

import io.contactd.db.Dialect;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The SQL of a reset: every table that holds an account's data, for one account or all.
 *
 * <p>Safe beside running jobs: first the job rows go (queued db-scheduler rows not yet picked,
 * imports, contact jobs, exports), each in a statement of its own, so the reset never holds locks
 * while it waits for a running job's transaction. A job that runs on finds its row gone at its next
 * guarded update (every batch and every status change names its row), rolls back and ends. Then the
 * data goes in one transaction that first takes the accounts' locks, which contact jobs and imports
 * take too: a batch that committed before is deleted, one that comes after fails on its missing job
 * row.
 */
final class ResetStore {
  private final Jdbi jdbi;
  private final Dialect dialect;

  ResetStore(Jdbi jdbi, Dialect dialect) {
    this.jdbi = jdbi;
    this.dialect = dialect;
  }

  /** What the reset found to delete outside the database. */
  record Jobs(List<String> exportIds, List<String> importIds) {}

  /** The files to delete afterwards: the account's (or every) export and import. */
  Jobs jobs(Long account) {
    return jdbi.withHandle(
        h ->
            new Jobs(
                ids(h, "SELECT id FROM exports WHERE " + where(account), account),
                ids(h, "SELECT job_id FROM contact_imports WHERE " + where(account), account)));
  }

  /** Step 1: the job rows, one statement at a time. */
  void deleteJobs(Long account) {
    String jobsOf = where(account);
    // Only what no node runs now (picked = false): a running job's row is db-scheduler's to end.
    run(
        "DELETE FROM scheduled_tasks WHERE picked = :picked AND (task_instance IN (SELECT id FROM"
            + " exports WHERE "
            + jobsOf
            + ") OR task_instance IN (SELECT id FROM contact_jobs WHERE "
            + jobsOf
            + "))",
        account,
        true);
    run(
        "DELETE FROM contact_import_errors WHERE job_id IN (SELECT id FROM contact_jobs WHERE "
            + jobsOf
            + ")",
        account,
        false);
    for (String table :
        List.of(
            "contact_imports", "contact_jobs", "exports", "control_stalls", "webhook_watches")) {
      run("DELETE FROM " + table + " WHERE " + jobsOf, account, false);
    }
    run(
        "DELETE FROM webhook_attempts WHERE delivery_id IN (SELECT id FROM webhook_deliveries"
            + " WHERE "
            + jobsOf
            + ")",
        account,
        false);
    run("DELETE FROM webhook_deliveries WHERE " + jobsOf, account, false);
  }

  /** Step 2: the data, in one transaction under the accounts' locks. */
  void deleteData(Long account, boolean keys) {
    String of = where(account);
    jdbi.useTransaction(
        h -> {
          List<Long> accounts =
              bind(
                      h.createQuery(
                          "SELECT id FROM accounts WHERE "
                              + (account == null ? "1 = 1" : "id = :account")
                              + " ORDER BY id"),
                      account)
                  .mapTo(Long.class)
                  .list();
          for (long id : accounts) {
            dialect.lockAccount(h, id);
          }
          if (account == null) {
            h.createUpdate("DELETE FROM list_members").execute();
          } else {
            bind(
                    h.createUpdate(
                        "DELETE FROM list_members WHERE list_seq IN (SELECT seq FROM lists WHERE "
                            + of
                            + ")"),
                    account)
                .execute();
            bind(
                    h.createUpdate(
                        "DELETE FROM list_members WHERE contact_seq IN (SELECT seq FROM contacts"
                            + " WHERE "
                            + of
                            + ")"),
                    account)
                .execute();
          }
          for (String table : List.of("contacts", "lists", "field_definitions", "segments")) {
            bind(h.createUpdate("DELETE FROM " + table + " WHERE " + of), account).execute();
          }
          // Custom field ids start again at e1_…, so a test sees the same ids on every run.
          bind(
                  h.createUpdate(
                      "UPDATE accounts SET next_field_number = 1 WHERE "
                          + (account == null ? "1 = 1" : "id = :account")),
                  account)
              .execute();
          if (keys) {
            bind(h.createUpdate("DELETE FROM api_keys WHERE " + of), account).execute();
          }
        });
  }

  private static String where(Long account) {
    return account == null ? "1 = 1" : "account_id = :account";
  }

  private void run(String sql, Long account, boolean picked) {
    jdbi.useHandle(
        h -> {
          var update = bind(h.createUpdate(sql), account);
          if (picked) {
            update.bind("picked", false);
          }
          update.execute();
        });
  }

  private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bind(
      T statement, Long account) {
    return account == null ? statement : statement.bind("account", account);
  }

  private static List<String> ids(Handle h, String sql, Long account) {
    return bind(h.createQuery(sql), account).mapTo(String.class).list();
  }
}
