package io.contactd.backup;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sendgrid.Method;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 item 4: {@code contactd backup} and {@code restore} against a real contactd. Account A
 * (custom fields of each type, lists, segments, contacts with custom values, alternate emails and
 * memberships) is backed up, restored into an empty account B, and B's backup equals A's apart from
 * ids and timestamps; a second restore changes nothing; {@code --keep} prunes, and a backup that
 * fails leaves nothing behind.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class BackupContract {
  abstract Backend backend();

  FaultProxy proxy;
  TestServer server;

  /** A key with only the scopes the README says backup and restore need. */
  String key;

  @BeforeAll
  void start() throws IOException {
    proxy = new FaultProxy();
    server = TestServer.start(backend(), b -> b.publicUrl(proxy.url()));
    proxy.target(server.baseUrl());
    var made =
        server.call(
            Method.POST,
            "api_keys",
            "{\"name\":\"backup\",\"scopes\":[\"marketing.read\",\"marketing_campaigns.create\"]}");
    assertThat(made.getStatusCode()).as(made.getBody()).isEqualTo(201);
    key = Seed.JSON.readTree(made.getBody()).get("api_key").asText();
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private Cli.Result cli(String command, Seed account, String... more) {
    List<String> args =
        new java.util.ArrayList<>(
            List.of(
                command,
                "--base-url",
                proxy.url(),
                "--api-key",
                key,
                "--on-behalf-of",
                account.subuser));
    args.addAll(List.of(more));
    return Cli.run(args.toArray(String[]::new));
  }

  /** Account A: what a backup must carry. */
  private Seed accountA() {
    Seed a = Seed.account(server);
    String plan = a.field("plan", "Text");
    String score = a.field("score", "Number");
    String joined = a.field("joined", "Date");
    String newsletter = a.list("newsletter");
    String vip = a.list("vip");
    a.list("empty");
    ArrayNode people = Seed.people("p", 30);
    for (int i = 0; i < people.size(); i++) {
      ObjectNode p = (ObjectNode) people.get(i);
      ObjectNode custom = p.putObject("custom_fields");
      custom.put(plan, i % 3 == 0 ? "pro" : "free");
      if (i % 2 == 0) {
        custom.put(score, i + 0.5);
      }
      if (i % 4 == 0) {
        custom.put(joined, "2024-01-" + (10 + i % 18) + "T00:00:00Z");
      }
      if (i == 5) {
        p.putArray("alternate_emails").add("alt-5@example.com").add("alt-5b@example.com");
      }
    }
    a.contacts(List.of(newsletter), slice(people, 0, 10));
    a.contacts(List.of(newsletter, vip), slice(people, 10, 20));
    a.contacts(List.of(vip), slice(people, 20, 25));
    a.contacts(List.of(), slice(people, 25, 30));
    a.segment(
        "in the newsletter",
        "SELECT contact_id, updated_at FROM contact_data WHERE array_contains(list_ids, '"
            + newsletter
            + "')",
        null);
    a.segment(
        "pro vips", "SELECT contact_id, updated_at FROM contact_data WHERE plan = 'pro'", vip);
    return a;
  }

  private static ArrayNode slice(ArrayNode all, int from, int to) {
    ArrayNode out = Seed.JSON.createArrayNode();
    for (int i = from; i < to; i++) {
      out.add(all.get(i));
    }
    return out;
  }

  @Test
  void a_backup_restored_into_an_empty_account_backs_up_equal_and_a_second_restore_changes_nothing(
      @TempDir Path dir) throws IOException {
    Seed a = accountA();
    Cli.Result backupA = cli("backup", a, "--out", dir.resolve("a").toString());
    assertThat(backupA.code()).as(backupA.all()).isZero();
    assertThat(backupA.all()).doesNotContain(key);
    Path folderA = only(dir.resolve("a"));
    assertThat(folderA.getFileName().toString()).matches("\\d{8}T\\d{6}Z");
    Map<String, Object> viewA = BackupView.of(folderA);
    assertThat(viewA.get("counts")).isEqualTo(List.of(3, 3, 2, 30L));
    assertThat(viewA.get("memberships").toString())
        .contains("empty=[]")
        .contains("p-10@example.com");

    Seed b = Seed.account(server);
    proxy.seen.clear();
    Cli.Result restore = cli("restore", b, dir.resolve("a").toString());
    assertThat(restore.code()).as(restore.all()).isZero();
    assertThat(proxy.seen)
        .as("uploads carry their signature, never the key")
        .filteredOn(s -> s.path().startsWith("/uploads/"))
        .hasSize(3)
        .noneMatch(FaultProxy.Seen::authorization);
    assertThat(restore.out())
        .contains(
            "restored: custom fields 3 created, 0 reused; lists 3 created, 0 reused;"
                + " segments 2 created, 0 reused; contacts 30 created");

    Cli.Result backupB = cli("backup", b, "--out", dir.resolve("b1").toString());
    assertThat(backupB.code()).as(backupB.all()).isZero();
    assertThat(BackupView.of(only(dir.resolve("b1")))).isEqualTo(viewA);
    JsonNode proVips = segment(b, "pro vips");
    assertThat(proVips.get("contacts_count").asInt())
        .as("the segment counts the restored contacts: pro (i%3==0) and in vip (10..24)")
        .isEqualTo(5);

    Cli.Result again = cli("restore", b, folderA.toString());
    assertThat(again.code()).as(again.all()).isZero();
    assertThat(again.out())
        .contains(
            "restored: custom fields 0 created, 3 reused; lists 0 created, 3 reused;"
                + " segments 0 created, 2 reused; contacts 0 created");
    Cli.Result backupB2 = cli("backup", b, "--out", dir.resolve("b2").toString());
    assertThat(backupB2.code()).as(backupB2.all()).isZero();
    assertThat(BackupView.of(only(dir.resolve("b2")))).isEqualTo(viewA);
    assertThat(b.call(Method.GET, "marketing/lists", null, 200).get("result")).hasSize(3);
  }

  @Test
  void keep_removes_the_oldest_backups_and_dead_partial_folders(@TempDir Path dir)
      throws IOException {
    Seed a = Seed.account(server);
    a.list("one");
    for (String old : List.of("20200101T000000Z", "20200102T000000Z", "20200103T000000Z")) {
      Files.createDirectories(dir.resolve(old));
      Files.writeString(dir.resolve(old).resolve("backup.json"), "{}");
    }
    Files.createDirectories(dir.resolve(".partial-20200104T000000Z"));
    Files.createDirectories(dir.resolve("unrelated"));

    Cli.Result r = cli("backup", a, "--out", dir.toString(), "--keep", "2");

    assertThat(r.code()).as(r.all()).isZero();
    assertThat(r.out()).contains("removed 2 older (--keep 2)");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .hasSize(3)
          .contains("20200103T000000Z", "unrelated")
          .noneMatch(n -> n.startsWith(".partial-"));
    }
  }

  @Test
  void a_backup_that_fails_leaves_no_folder_and_prunes_nothing(@TempDir Path dir)
      throws IOException {
    Seed a = Seed.account(server);
    a.contacts(List.of(), Seed.people("f", 20));
    Files.createDirectories(dir.resolve("20200101T000000Z"));
    Files.writeString(dir.resolve("20200101T000000Z").resolve("backup.json"), "{}");
    proxy.flipDownloadByteAt(100);
    Cli.Result r;
    try {
      r = cli("backup", a, "--out", dir.toString(), "--keep", "1");
    } finally {
      proxy.flipDownloadByteAt(-1);
    }

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).startsWith("contactd: ").contains("is damaged");
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .as("the broken backup is gone and the old one still counts")
          .containsExactly("20200101T000000Z");
    }
  }

  @Test
  void a_damaged_backup_is_refused_before_anything_is_written(@TempDir Path dir)
      throws IOException {
    Seed a = Seed.account(server);
    a.list("kept");
    a.contacts(List.of(), Seed.people("d", 3));
    assertThat(cli("backup", a, "--out", dir.toString()).code()).isZero();
    Path folder = only(dir);
    Path contacts = folder.resolve("contacts");
    try (Stream<Path> files = Files.list(contacts)) {
      Path data = files.filter(p -> p.toString().endsWith(".gzip")).findFirst().orElseThrow();
      byte[] bytes = Files.readAllBytes(data);
      bytes[bytes.length / 2] ^= 1;
      Files.write(data, bytes);
    }
    Seed b = Seed.account(server);

    Cli.Result r = cli("restore", b, dir.toString());

    assertThat(r.code()).isEqualTo(1);
    assertThat(r.errLines()).hasSize(1);
    assertThat(r.errLines().get(0)).contains("the backup is damaged").contains("SHA-256");
    assertThat(b.call(Method.GET, "marketing/lists", null, 200).get("result")).isEmpty();
  }

  private JsonNode segment(Seed account, String name) {
    for (JsonNode s :
        account.call(Method.GET, "marketing/segments/2.0", null, 200).get("results")) {
      if (s.get("name").asText().equals(name)) {
        return account.call(
            Method.GET, "marketing/segments/2.0/" + s.get("id").asText(), null, 200);
      }
    }
    throw new AssertionError("no segment " + name);
  }

  private static Path only(Path root) throws IOException {
    try (Stream<Path> entries = Files.list(root)) {
      List<Path> all = entries.toList();
      assertThat(all).hasSize(1);
      return all.get(0);
    }
  }
}
