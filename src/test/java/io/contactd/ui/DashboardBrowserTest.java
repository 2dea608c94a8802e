package io.contactd.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sendgrid.Method;
import io.contactd.testing.Backend;
import io.contactd.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real browser (headless chromium) against the real server: what a person does,
 * step by step, and the data they get back. With {@code -Dcontactd.screenshots=docs} it also saves
 * a screenshot of each page there (how the README's pictures are made).
 */
class DashboardBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static TestServer server;
  private static Browser browser;
  private static WebDriver driver;
  private static WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    Browser.requireInstalled();
    server = TestServer.start(Backend.SQLITE);
    browser = Browser.start();
    driver = browser.driver;
    wait = new WebDriverWait(driver, Duration.ofSeconds(15), Duration.ofMillis(50));
    signIn();
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (browser != null) {
        browser.close();
      }
    } finally {
      if (server != null) {
        server.close();
      }
    }
  }

  private static void signIn() {
    driver.get(server.baseUrl() + "/");
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
        .sendKeys(server.key());
    driver.findElement(By.id("sign-in")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("count-contacts")));
  }

  private static void open(String page) {
    driver.findElement(By.id("nav-" + page)).click();
    wait.until(ExpectedConditions.urlToBe(server.baseUrl() + "/ui/" + page));
  }

  @Test
  void list_import_export_and_download_through_the_dashboard() throws Exception {
    // the key is kept for this tab only, never in a cookie or the URL
    assertThat(driver.manage().getCookies()).isEmpty();
    assertThat(driver.getCurrentUrl()).doesNotContain(server.key());
    assertThat(
            (String)
                ((org.openqa.selenium.JavascriptExecutor) driver)
                    .executeScript("return sessionStorage.getItem('contactd.apiKey')"))
        .isEqualTo(server.key());

    open("lists");
    driver.findElement(By.id("list-name")).sendKeys("Customers");
    driver.findElement(By.cssSelector("#create-list button[type=submit]")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "Customers"));

    open("imports");
    Path csv = server.dataDir().resolve("people.csv");
    Files.writeString(
        csv, "email,first_name,last_name\nann@example.com,Ann,Archer\nbob@example.com,Bob,Baker\n");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
        .sendKeys(csv.toString());
    WebElement firstColumn =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#import-mapping select[data-column='0']")));
    assertThat(new Select(firstColumn).getFirstSelectedOption().getText()).isEqualTo("email");
    tick("#import-form", "Customers");
    driver.findElement(By.id("start-import")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("tr[data-import-id] .import-status"), "completed"));
    assertThat(driver.findElement(By.cssSelector("tr[data-import-id] .import-created")).getText())
        .isEqualTo("2");
    assertThat(driver.findElement(By.id("import-progress")).getAttribute("value")).isEqualTo("1");

    open("exports");
    tick("#create-export", "Customers");
    driver.findElement(By.cssSelector("#create-export button[type=submit]")).click();
    WebElement file =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("tr[data-export-id] .links a")));
    assertThat(driver.findElement(By.cssSelector("tr[data-export-id] .export-status")).getText())
        .contains("ready");
    List<String> rows = download(file.getAttribute("href"));
    assertThat(rows.getFirst()).contains("EMAIL");
    assertThat(rows.subList(1, rows.size()))
        .hasSize(2)
        .anySatisfy(r -> assertThat(r).contains("ann@example.com").contains("Ann"))
        .anySatisfy(r -> assertThat(r).contains("bob@example.com").contains("Baker"));

    open("overview");
    wait.until(ExpectedConditions.textToBe(By.id("count-contacts"), "2"));
    assertThat(driver.findElement(By.id("count-lists")).getText()).isEqualTo("1");

    String folder = System.getProperty("contactd.screenshots");
    if (folder != null && !folder.isBlank()) {
      screenshots(Path.of(folder));
    }
  }

  @Test
  void names_that_look_like_html_show_as_text() throws Exception {
    // first_name and last_name take at most 50 characters each
    String script = "<script>window.pwned=2</script>";
    String img = "<img src=x onerror=window.pwned=1>";
    String list =
        ok(server.call(
                Method.POST,
                "marketing/lists",
                JSON.writeValueAsString(
                    java.util.Map.of("name", "<b>bold</b><img src=x onerror=window.pwned=3>"))))
            .get("id")
            .asText();
    String body =
        JSON.writeValueAsString(
            java.util.Map.of(
                "list_ids",
                List.of(list),
                "contacts",
                List.of(
                    java.util.Map.of(
                        "email", "xss@example.com", "first_name", script, "last_name", img))));
    String job = ok(server.call(Method.PUT, "marketing/contacts", body)).get("job_id").asText();
    TestServer.awaitEnd(
        server.client(), "marketing/contacts/imports/" + job, Duration.ofSeconds(10));

    open("contacts");
    driver.findElement(By.id("search")).sendKeys("xss@example.com");
    driver.findElement(By.cssSelector("#main form button[type=submit]")).click();
    WebElement cell =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(
                By.xpath("//td[text()='xss@example.com']/following-sibling::td[1]")));
    assertThat(cell.getText()).isEqualTo(script);
    assertThat(cell.findElement(By.xpath("following-sibling::td[1]")).getText()).isEqualTo(img);
    assertThat(driver.findElements(By.cssSelector("#main img, #main script, #main b"))).isEmpty();

    open("lists");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("main"), "<b>bold</b>"));
    assertThat(driver.findElements(By.cssSelector("#main img, #main b"))).isEmpty();
    Object pwned =
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("return window.pwned");
    assertThat(pwned).isNull();
  }

  private static JsonNode ok(com.sendgrid.Response r) throws Exception {
    assertThat(r.getStatusCode()).as(r.getBody()).isBetween(200, 299);
    return JSON.readTree(r.getBody());
  }

  /** Ticks the checkbox whose label reads {@code name} inside {@code form}. */
  private static void tick(String form, String name) {
    wait.until(
            ExpectedConditions.elementToBeClickable(
                By.xpath(
                    "//*[@id='"
                        + form.substring(1)
                        + "']//label[normalize-space()='"
                        + name
                        + "']/input")))
        .click();
  }

  /** The export file the link points at, gunzipped, as lines. */
  private static List<String> download(String href) throws Exception {
    HttpResponse<java.io.InputStream> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(href)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    try (var in =
        new BufferedReader(
            new InputStreamReader(new GZIPInputStream(r.body()), StandardCharsets.UTF_8))) {
      return in.lines().toList();
    }
  }

  /**
   * One picture per page, for the README, after adding a little more data so the pages show what
   * they look like in use.
   */
  private static void screenshots(Path folder) throws Exception {
    Files.createDirectories(folder);
    for (String name : List.of("Newsletter", "Beta testers", "Event 2026")) {
      ok(server.call(Method.POST, "marketing/lists", "{\"name\":\"" + name + "\"}"));
    }
    ok(
        server.call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"plan\",\"field_type\":\"Text\"}"));
    ok(
        server.call(
            Method.POST,
            "marketing/field_definitions",
            "{\"name\":\"signup_score\",\"field_type\":\"Number\"}"));
    StringBuilder people = new StringBuilder("{\"contacts\":[");
    String[][] names = {
      {"Carla", "Diaz"}, {"Dev", "Patel"}, {"Eun-ji", "Kim"}, {"Femi", "Adeyemi"},
      {"Greta", "Larsen"}, {"Hugo", "Moreau"}, {"Ines", "Costa"}, {"Jonas", "Berg"},
      {"Keiko", "Sato"}, {"Liam", "O'Brien"}, {"Maya", "Cohen"}, {"Noor", "Haddad"}
    };
    for (int i = 0; i < names.length; i++) {
      people
          .append(i == 0 ? "" : ",")
          .append(
              JSON.writeValueAsString(
                  java.util.Map.of(
                      "email",
                      names[i][0].toLowerCase(java.util.Locale.ROOT).replace("-", "")
                          + "@example.org",
                      "first_name",
                      names[i][0],
                      "last_name",
                      names[i][1])));
    }
    String job =
        ok(server.call(Method.PUT, "marketing/contacts", people.append("]}").toString()))
            .get("job_id")
            .asText();
    TestServer.awaitEnd(
        server.client(), "marketing/contacts/imports/" + job, Duration.ofSeconds(10));
    String all =
        ok(server.call(Method.POST, "marketing/contacts/exports", "{}")).get("id").asText();
    TestServer.awaitEnd(
        server.client(), "marketing/contacts/exports/" + all, Duration.ofSeconds(10));
    for (String page : List.of("overview", "contacts", "lists", "fields", "exports")) {
      open(page);
      Thread.sleep(500); // the page's data arrives after the URL changed
      shoot(folder, page);
    }
    open("imports");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("import-file")))
        .sendKeys(server.dataDir().resolve("people.csv").toString());
    wait.until(
        ExpectedConditions.presenceOfElementLocated(
            By.cssSelector("#import-mapping select[data-column='2']")));
    shoot(folder, "imports");
    open("keys");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("key-name")))
        .sendKeys("nightly-backup");
    driver.findElement(By.xpath("//button[text()='Read-only']")).click();
    driver.findElement(By.cssSelector("#create-key button[type=submit]")).click();
    wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-key")));
    Thread.sleep(300);
    shoot(folder, "keys");
    driver.findElement(By.id("sign-out")).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")));
    shoot(folder, "signin");
    signIn(); // as the other test expects
  }

  private static void shoot(Path folder, String page) throws Exception {
    Files.write(
        folder.resolve("dashboard-" + page + ".png"),
        ((org.openqa.selenium.TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
  }
}
