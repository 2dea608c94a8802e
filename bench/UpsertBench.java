import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Upserts N contacts through PUT /v3/marketing/contacts in batches of 30,000 (2 custom fields,
 * each batch in 1-3 of 5 lists), waits until every job is completed and prints contacts/s.
 * Usage: java UpsertBench.java BASE_URL API_KEY [CONTACTS]
 */
public class UpsertBench {
  static final Pattern ID = Pattern.compile("\"(?:id|job_id)\":\"([^\"]+)\"");
  static final Pattern STATUS = Pattern.compile("\"status\":\"([a-z]+)\"");
  static final String[] FIRST = {"Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Ken", "Margaret"};
  static final String[] LAST = {"Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Thompson", "Hamilton"};
  static final String[] CITY = {"London", "New York", "Paris", "Berlin", "Lyon", "Austin", "Tokyo", "Oslo"};

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String key = args[1];
    int total = args.length > 2 ? Integer.parseInt(args[2]) : 1_000_000;
    int batch = 30_000;
    HttpClient http = HttpClient.newHttpClient();

    String text = id(send(http, base, key, "POST", "/v3/marketing/field_definitions", "{\"name\":\"plan\",\"field_type\":\"Text\"}"));
    String number = id(send(http, base, key, "POST", "/v3/marketing/field_definitions", "{\"name\":\"score\",\"field_type\":\"Number\"}"));
    List<String> lists = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      lists.add(id(send(http, base, key, "POST", "/v3/marketing/lists", "{\"name\":\"bench " + i + "\"}")));
    }

    List<String> bodies = new ArrayList<>();
    for (int start = 0, b = 0; start < total; start += batch, b++) {
      StringBuilder sb = new StringBuilder(batch * 200);
      int n = 1 + b % 3;
      sb.append("{\"list_ids\":[");
      for (int l = 0; l < n; l++) {
        sb.append(l == 0 ? "" : ",").append('"').append(lists.get((b + l) % 5)).append('"');
      }
      sb.append("],\"contacts\":[");
      for (int i = start; i < Math.min(total, start + batch); i++) {
        sb.append(i == start ? "" : ",")
            .append("{\"email\":\"user").append(i).append("@example.com\",\"first_name\":\"").append(FIRST[i % 8])
            .append("\",\"last_name\":\"").append(LAST[(i / 8) % 8]).append("\",\"city\":\"").append(CITY[(i / 64) % 8])
            .append("\",\"country\":\"US\",\"postal_code\":\"").append(10000 + i % 89999)
            .append("\",\"custom_fields\":{\"").append(text).append("\":\"").append(i % 2 == 0 ? "gold" : "silver")
            .append("\",\"").append(number).append("\":").append(i % 1000).append("}}");
      }
      bodies.add(sb.append("]}").toString());
    }
    System.out.printf("batch body size: %.2f MB%n", bodies.getFirst().length() / 1048576.0);

    run("insert", http, base, key, bodies, total);
    System.out.println("count: " + send(http, base, key, "GET", "/v3/marketing/contacts/count", null));
    if (Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_UPDATE_PASS", "false"))) {
      run("update (same contacts again)", http, base, key, bodies, total);
    }
    if (Boolean.parseBoolean(System.getenv().getOrDefault("BENCH_DELETE_ALL", "false"))) {
      long t0 = System.nanoTime();
      String job = id(send(http, base, key, "DELETE", "/v3/marketing/contacts?delete_all_contacts=true", null));
      await(http, base, key, job);
      System.out.printf("delete_all_contacts: %.2f s%n", (System.nanoTime() - t0) / 1e9);
    }
  }

  static void run(String label, HttpClient http, String base, String key, List<String> bodies, int total) throws Exception {
    long t0 = System.nanoTime();
    List<String> jobs = new ArrayList<>();
    for (String body : bodies) {
      jobs.add(id(send(http, base, key, "PUT", "/v3/marketing/contacts", body)));
    }
    long accepted = System.nanoTime();
    for (String job : jobs) {
      await(http, base, key, job);
    }
    double secs = (System.nanoTime() - t0) / 1e9;
    System.out.printf("%s: %d contacts in %d requests; all accepted after %.2f s; all completed after %.2f s%n",
        label, total, bodies.size(), (accepted - t0) / 1e9, secs);
    System.out.printf("%s throughput: %.0f contacts/s%n", label, total / secs);
  }

  static void await(HttpClient http, String base, String key, String job) throws Exception {
    while (true) {
      String r = send(http, base, key, "GET", "/v3/marketing/contacts/imports/" + job, null);
      Matcher m = STATUS.matcher(r);
      m.find();
      if (!m.group(1).equals("pending")) {
        if (!m.group(1).equals("completed")) {
          throw new IllegalStateException("job " + job + " ended " + r);
        }
        return;
      }
      Thread.sleep(20);
    }
  }

  static String id(String body) {
    Matcher m = ID.matcher(body);
    if (!m.find()) {
      throw new IllegalStateException("no id in " + body);
    }
    return m.group(1);
  }

  static String send(HttpClient http, String base, String key, String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + key);
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() >= 300) {
      throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }
}
