package io.contactd.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.sendgrid.Method;
import com.sendgrid.Response;
import com.sendgrid.SendGrid;
import io.contactd.auth.ApiKeySecret;
import io.contactd.testing.Backend;
import io.contactd.testing.ServerProcess;
import io.contactd.testing.TestDatabases;
import io.contactd.testing.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A statement that fails with personal data bound (a subuser's email and username, a contact's
 * email and name) is logged with its error and SQL, never with the values. The server is a real
 * process and its log the file it writes.
 */
abstract class LogPrivacyContract {
  abstract Backend backend();

  @Test
  void database_errors_are_logged_with_the_statement_but_without_the_bound_values()
      throws Exception {
    Path dataDir = Files.createTempDirectory("contactd-log-privacy-");
    String dbUrl = TestDatabases.url(backend(), dataDir);
    String key = ApiKeySecret.generate().toString();
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process server = ServerProcess.start(dataDir, dbUrl, key, port, "server.log");
    Path log = dataDir.resolve("server.log");
    try {
      ServerProcess.awaitHealthy(port);
      SendGrid client = ServerProcess.client(key, port);
      // Constraints the schema does not have, so that writes carrying personal data fail in the
      // database: one through JDBI (subusers), one through a JDBC batch (contacts).
      try (Connection c = DriverManager.getConnection(dbUrl);
          Statement s = c.createStatement()) {
        s.execute("CREATE UNIQUE INDEX probe_account_email ON accounts (email)");
        s.execute("CREATE UNIQUE INDEX probe_contact_name ON contacts (first_name)");
      }

      String subuser =
          "{\"email\":\"private.person@example.org\",\"password\":\"x\",\"ips\":[],\"username\":";
      Response first =
          TestServer.call(client, Method.POST, "subusers", subuser + "\"secret-user-1\"}");
      assertThat(first.getStatusCode()).as(first.getBody()).isEqualTo(201);
      Response second =
          TestServer.call(client, Method.POST, "subusers", subuser + "\"secret-user-2\"}");
      assertThat(second.getStatusCode()).as(second.getBody()).isEqualTo(500);

      Response upsert =
          TestServer.call(
              client,
              Method.PUT,
              "marketing/contacts",
              "{\"contacts\":[{\"email\":\"hidden.one@example.net\",\"first_name\":\"Zebedee\"},"
                  + "{\"email\":\"hidden.two@example.net\",\"first_name\":\"Zebedee\"}]}");
      assertThat(upsert.getStatusCode()).as(upsert.getBody()).isEqualTo(202);
      Awaitility.await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.readString(log).contains("did not finish"));
    } finally {
      server.destroyForcibly();
      server.waitFor();
    }

    String text = Files.readString(log);
    assertThat(text)
        .as("both failures are logged, the JDBI one with its statement")
        .contains("INSERT INTO accounts")
        .containsAnyOf("contacts.first_name", "\"probe_contact_name\"");
    assertThat(text)
        .doesNotContain("private.person@example.org")
        .doesNotContain("secret-user-2")
        .doesNotContain("hidden.one@example.net")
        .doesNotContain("hidden.two@example.net")
        .doesNotContain("Zebedee");
  }
}
