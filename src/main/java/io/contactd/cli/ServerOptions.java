package io.contactd.cli;

import io.contactd.client.ApiClient;
import java.time.Clock;
import java.util.function.Consumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The server a client command talks to: {@code export}, {@code backup}, {@code restore}. */
final class ServerOptions {
  @Option(
      names = "--base-url",
      required = true,
      description =
          "The API's base URL: https://api.sendgrid.com (https://api.eu.sendgrid.com), or a contactd such as http://127.0.0.1:8080.")
  String baseUrl;

  @Option(
      names = "--api-key",
      description =
          "API key (default: the environment variable CONTACTD_API_KEY, which keeps it out of the process list).")
  String apiKey;

  @Option(
      names = "--on-behalf-of",
      description = "Act as this subuser of the key's account (SendGrid's on-behalf-of header).")
  String onBehalfOf;

  @Mixin DebugOption debug;

  ApiClient client(CommandSpec spec, Consumer<String> notices) {
    String key = apiKey;
    if (key == null || key.isBlank()) {
      key =
          spec.root().defaultValueProvider() instanceof Defaults d
              ? d.env("CONTACTD_API_KEY")
              : System.getenv("CONTACTD_API_KEY");
    }
    if (key == null || key.isBlank()) {
      throw new IllegalArgumentException(
          "an API key is needed: --api-key KEY or the environment variable CONTACTD_API_KEY");
    }
    return new ApiClient(baseUrl, key, onBehalfOf, Clock.systemUTC(), notices);
  }
}
