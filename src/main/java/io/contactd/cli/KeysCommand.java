package io.contactd.cli;

import io.contactd.auth.Account;
import io.contactd.auth.ApiKey;
import io.contactd.auth.ApiKeySecret;
import io.contactd.auth.ApiKeyStore;
import io.contactd.auth.Scopes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code contactd keys create | list | delete}: API keys, made and removed offline. */
@Command(
    name = "keys",
    mixinStandardHelpOptions = true,
    description = "Manage API keys.",
    subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Delete.class})
final class KeysCommand extends CommandGroup {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create an API key and print it once.")
  static final class Create implements Callable<Integer> {
    @Mixin StorageOptions storage;

    @Option(
        names = "--name",
        defaultValue = "cli",
        description = "Name of the key (default ${DEFAULT-VALUE}).")
    String name;

    @Option(
        names = "--scope",
        split = ",",
        description = "Scopes, comma-separated; none = full access.")
    List<String> scopes;

    @Option(
        names = "--subuser",
        description = "Create the key for this subuser instead of the parent account.")
    String subuser;

    @Override
    public Integer call() {
      try (CommandDatabase db = storage.open()) {
        Account target = db.ownerOrSubuser(subuser);
        if (scopes != null) {
          for (String scope : scopes) {
            if (!Scopes.known(scope)) {
              throw new IllegalArgumentException(
                  "unknown scope " + scope + "; known: " + String.join(", ", Scopes.ALL));
            }
          }
        }
        ApiKeySecret secret = ApiKeySecret.generate();
        db.apiKeys().insert(secret, target.id(), name, scopes);
        System.out.println(secret);
        return 0;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List API keys (id, name, scopes); never their secrets.")
  static final class ListKeys implements Callable<Integer> {
    @Mixin StorageOptions storage;

    @Option(names = "--subuser", description = "List the keys of this subuser.")
    String subuser;

    @Override
    public Integer call() {
      try (CommandDatabase db = storage.open()) {
        Account target = db.ownerOrSubuser(subuser);
        for (ApiKey key : db.apiKeys().ofAccount(target.id(), 10_000)) {
          System.out.println(
              key.id()
                  + "  "
                  + key.name()
                  + "  "
                  + (key.scopes() == null ? "full access" : String.join(",", key.scopes())));
        }
        return 0;
      }
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete an API key; requests with it are refused from then on.")
  static final class Delete implements Callable<Integer> {
    @Mixin StorageOptions storage;

    @Parameters(
        index = "0",
        description = "Id of the key (the part between 'SG.' and the second '.').")
    String id;

    @Override
    public Integer call() {
      try (CommandDatabase db = storage.open()) {
        ApiKeyStore keys = db.apiKeys();
        Optional<ApiKey> key = keys.byId(id);
        if (key.isEmpty() || !keys.delete(key.get().accountId(), id)) {
          throw new Failures.StartFailure("no API key with id " + id, null);
        }
        System.out.println("deleted API key " + id + " (" + key.get().name() + ")");
        return 0;
      }
    }
  }
}
