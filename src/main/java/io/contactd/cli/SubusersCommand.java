package io.contactd.cli;

import io.contactd.auth.Account;
import io.contactd.auth.SubuserNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code contactd subusers create | list}: subusers of the parent account, made offline. */
@Command(
    name = "subusers",
    mixinStandardHelpOptions = true,
    description = "Manage subusers.",
    subcommands = {SubusersCommand.Create.class, SubusersCommand.ListSubusers.class})
final class SubusersCommand extends CommandGroup {
  @Command(
      name = "create",
      mixinStandardHelpOptions = true,
      description = "Create a subuser of the parent account.")
  static final class Create implements Callable<Integer> {
    @Mixin StorageOptions storage;

    @Parameters(index = "0", description = "Username of the subuser.")
    String username;

    @Option(
        names = "--email",
        description = "Email of the subuser (default USERNAME@contactd.local).")
    String email;

    @Override
    public Integer call() {
      String mail = email != null ? email : username + "@contactd.local";
      SubuserNames.usernameProblem(username)
          .or(() -> SubuserNames.emailProblem(mail))
          .ifPresent(
              problem -> {
                throw new IllegalArgumentException(problem);
              });
      try (CommandDatabase db = storage.open()) {
        Account owner = db.owner();
        var created = db.accounts().createSubuser(owner.id(), username, mail);
        if (created.isEmpty()) {
          throw new IllegalArgumentException("username " + username + " is taken");
        }
        System.out.println("created subuser " + username + " (user_id " + created.get().id() + ")");
        return 0;
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "List the subusers of the parent account.")
  static final class ListSubusers implements Callable<Integer> {
    @Mixin StorageOptions storage;

    @Override
    public Integer call() {
      try (CommandDatabase db = storage.open()) {
        Account owner = db.owner();
        for (Account sub : db.accounts().subusers(owner.id())) {
          System.out.println(sub.username() + "  user_id " + sub.id() + "  " + sub.email());
        }
        return 0;
      }
    }
  }
}
