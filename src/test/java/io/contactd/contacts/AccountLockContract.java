package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.db.Database;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The account lock: upserts, field deletes and list deletes of one account take the same lock, so a
 * write never works from what another one has just removed.
 */
abstract class AccountLockContract extends ContactsContract {

  /**
   * Waits until {@code n} transactions wait for an account lock, or {@code unlessDone} is done.
   * Where the database cannot show its waiters it returns at once; the test then still holds, as
   * every order must end the same.
   */
  abstract void awaitLockWaiters(Database db, int n, Future<?> done) throws InterruptedException;

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void a_field_deleted_while_an_upsert_waits_for_the_account_lock_is_not_written_back()
      throws Exception {
    String field = createField(server, unique("late_"), "Text");
    String email = unique("lock") + "@example.com";
    upsert("{\"contacts\":[{\"email\":\"" + email + "\"}]}");
    Database db = server.app().database();
    long account = accountOf(db, email);
    ExecutorService threads = Executors.newFixedThreadPool(3);
    try {
      // Another writer of the account holds its lock while the upsert and the delete arrive.
      CountDownLatch held = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      Future<?> holder =
          threads.submit(
              () -> {
                db.jdbi()
                    .useTransaction(
                        h -> {
                          db.dialect().lockAccount(h, account);
                          held.countDown();
                          release.await();
                        });
                return null;
              });
      held.await();
      Future<Response> put =
          threads.submit(
              () ->
                  call(
                      Method.PUT,
                      "marketing/contacts",
                      "{\"contacts\":[{\"email\":\""
                          + email
                          + "\",\"custom_fields\":{\""
                          + field
                          + "\":\"stale\"}}]}"));
      // The upsert's job waits for the lock (where the database shows it).
      awaitLockWaiters(db, 1, new CompletableFuture<>());
      Future<Response> delete =
          threads.submit(() -> call(Method.DELETE, "marketing/field_definitions/" + field, null));
      awaitLockWaiters(db, 2, delete);
      release.countDown();
      holder.get();

      Response accepted = put.get();
      if (accepted.getStatusCode() == 202) {
        awaitJob(json(accepted).get("job_id").asText());
      } else {
        // Where the delete came first (SQLite shows no waiters to order them by), the upsert is
        // refused for naming a field that no longer exists.
        assertThat(accepted.getStatusCode()).as(accepted.getBody()).isEqualTo(400);
        assertThat(accepted.getBody()).contains(field);
      }
      assertThat(delete.get().getStatusCode()).as(delete.get().getBody()).isEqualTo(204);
    } finally {
      threads.shutdownNow();
    }
    assertThat(storedCustomFields(db, email)).doesNotContain(field);
  }

  @Test
  void a_batch_validated_before_its_field_was_deleted_refuses_the_contact_instead_of_writing_it()
      throws Exception {
    String field = createField(server, unique("gone_"), "Text");
    String email = unique("batch") + "@example.com";
    upsert("{\"contacts\":[{\"email\":\"" + email + "\"}]}");
    // As an import does: its rows were checked against the fields when it started.
    ContactInput row = new ContactInput(Map.of("email", email), null, Map.of(field, "stale"));
    assertThat(call(Method.DELETE, "marketing/field_definitions/" + field, null).getStatusCode())
        .isEqualTo(204);

    Database db = server.app().database();
    ContactWriter writer =
        new ContactWriter(db.jdbi(), db.dialect(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC), 10);
    long account = accountOf(db, email);
    ContactWriter.Counts counts =
        db.jdbi().inTransaction(h -> writer.upsert(h, account, List.of(row), List.of()));

    assertThat(counts.errored()).isEqualTo(1);
    assertThat(counts.errors().getFirst().message()).contains(field);
    assertThat(storedCustomFields(db, email)).doesNotContain(field);
  }

  private static long accountOf(Database db, String email) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery("SELECT account_id FROM contacts WHERE email = :email")
                    .bind("email", email)
                    .mapTo(Long.class)
                    .one());
  }

  private static String storedCustomFields(Database db, String email) {
    String stored =
        db.jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT custom_fields FROM contacts WHERE email = :email")
                        .bind("email", email)
                        .mapTo(String.class)
                        .one());
    return stored == null ? "" : stored;
  }
}
