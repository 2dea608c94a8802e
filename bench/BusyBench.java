import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Four threads PUT upserts of 2,000 contacts without pause; a fifth creates a custom field, renames
 * it and creates a subuser, over and over; after SECONDS prints the status codes per request kind.
 * Usage: java BusyBench.java BASE_URL API_KEY [SECONDS]
 */
public class BusyBench {
  static final Pattern ID = Pattern.compile("\"id\":\"([^\"]+)\"");
  static final Map<String, Map<Integer, AtomicInteger>> counts = new ConcurrentHashMap<>();

  public static void main(String[] args) throws Exception {
    String base = args[0];
    String key = args[1];
    long seconds = args.length > 2 ? Long.parseLong(args[2]) : 20;
    long end = System.nanoTime() + seconds * 1_000_000_000L;
    HttpClient http = HttpClient.newHttpClient();

    Thread[] loops = new Thread[4];
    for (int t = 0; t < loops.length; t++) {
      int loop = t;
      loops[t] =
          new Thread(
              () -> {
                for (int round = 0; System.nanoTime() < end; round++) {
                  StringBuilder sb = new StringBuilder("{\"contacts\":[");
                  for (int i = 0; i < 2000; i++) {
                    sb.append(i == 0 ? "" : ",")
                        .append("{\"email\":\"l").append(loop).append("r").append(round % 50)
                        .append("i").append(i).append("@example.com\",\"first_name\":\"N")
                        .append(round).append("\"}");
                  }
                  send(http, base, key, "upsert", "PUT", "/v3/marketing/contacts", sb.append("]}").toString());
                }
              });
      loops[t].start();
    }
    for (int i = 0; System.nanoTime() < end; i++) {
      HttpResponse<String> created =
          send(http, base, key, "field create", "POST", "/v3/marketing/field_definitions",
              "{\"name\":\"probe_" + i + "\",\"field_type\":\"Text\"}");
      Matcher m = ID.matcher(created.body());
      if (created.statusCode() == 200 && m.find()) {
        send(http, base, key, "field rename", "PATCH", "/v3/marketing/field_definitions/" + m.group(1),
            "{\"name\":\"renamed_" + i + "\"}");
      }
      send(http, base, key, "subuser create", "POST", "/v3/subusers",
          "{\"username\":\"probe-" + i + "\",\"email\":\"probe" + i + "@example.com\",\"password\":\"x\",\"ips\":[]}");
    }
    for (Thread t : loops) {
      t.join();
    }
    int total503 = 0;
    for (var e : new TreeMap<>(counts).entrySet()) {
      System.out.println(e.getKey() + ": " + new TreeMap<>(e.getValue()));
      total503 += e.getValue().getOrDefault(503, new AtomicInteger()).get();
    }
    System.out.println("503 answers: " + total503);
  }

  static HttpResponse<String> send(
      HttpClient http, String base, String key, String kind, String method, String path, String body) {
    try {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + path))
                  .header("Authorization", "Bearer " + key)
                  .header("Content-Type", "application/json")
                  .method(method, HttpRequest.BodyPublishers.ofString(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      counts.computeIfAbsent(kind, k -> new ConcurrentHashMap<>())
          .computeIfAbsent(r.statusCode(), k -> new AtomicInteger())
          .incrementAndGet();
      return r;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
