package io.contactd.contacts;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendgrid.Method;
import com.sendgrid.Response;
import io.contactd.testing.Backend;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * Deleting a list with {@code delete_contacts=true} is one step: the list's delete and the job that
 * deletes its contacts are committed together. The crash point is made deterministic with a trigger
 * that fails the list's delete, where a SIGKILL once stopped the server after the job was recorded
 * and queued but before the list was gone.
 */
abstract class ListDeleteAtomicContract extends ContactsContract {

  @Test
  void a_list_delete_that_fails_leaves_the_list_its_contacts_and_no_job() throws Exception {
    String list = createList("kept");
    upsert(
        "{\"list_ids\":[\""
            + list
            + "\"],\"contacts\":[{\"email\":\"stays1@example.com\"},{\"email\":\"stays2@example.com\"}]}");
    String jobsBefore = deleteJobs();

    sql(failListDeletes());
    Response r;
    try {
      r = call(Method.DELETE, "marketing/lists/" + list + "?delete_contacts=true", null);
    } finally {
      sql(
          backend() == Backend.SQLITE
              ? "DROP TRIGGER probe_crash"
              : "DROP TABLE probe_crash_marker");
    }

    assertThat(r.getStatusCode()).as(r.getBody()).isEqualTo(500);
    assertThat(deleteJobs()).as("no job was recorded").isEqualTo(jobsBefore);
    assertThat(call(Method.GET, "marketing/lists/" + list, null).getStatusCode()).isEqualTo(200);
    assertThat(
            json(call(Method.GET, "marketing/lists/" + list + "/contacts/count", null))
                .get("contact_count")
                .asLong())
        .isEqualTo(2);

    Response again = call(Method.DELETE, "marketing/lists/" + list + "?delete_contacts=true", null);
    assertThat(again.getStatusCode()).as(again.getBody()).isEqualTo(200);
    assertThat(call(Method.GET, "marketing/lists/" + list, null).getStatusCode())
        .as("the list is gone when the request answers")
        .isEqualTo(404);
    assertThat(awaitJob(json(again).get("job_id").asText()).at("/results/deleted_count").asLong())
        .isEqualTo(2);
  }

  /** SQL that makes every delete of a list fail, as a crash at that point would. */
  private String[] failListDeletes() {
    if (backend() == Backend.SQLITE) {
      return new String[] {
        "CREATE TRIGGER probe_crash BEFORE DELETE ON lists BEGIN SELECT RAISE(ABORT, 'crash'); END"
      };
    }
    // A row lock held elsewhere would make PostgreSQL wait; a failing foreign key fails at once.
    return new String[] {
      "CREATE TABLE probe_crash_marker (list_seq BIGINT REFERENCES lists (seq))",
      "INSERT INTO probe_crash_marker SELECT seq FROM lists"
    };
  }

  private String deleteJobs() throws SQLException {
    try (Connection c = DriverManager.getConnection(server.app().config().jdbcUrl());
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT COUNT(*) FROM contact_jobs WHERE job_type = 'delete_contacts'")) {
      rs.next();
      return rs.getString(1);
    }
  }

  private void sql(String... statements) throws SQLException {
    try (Connection c = DriverManager.getConnection(server.app().config().jdbcUrl());
        Statement s = c.createStatement()) {
      for (String statement : statements) {
        s.execute(statement);
      }
    }
  }
}
