package io.contactd.cli;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code contactd completion bash|zsh}: a completion script made from the commands themselves. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    description =
        "Print a shell completion script: source <(./contactd completion bash), or the same in zsh.")
final class CompletionCommand implements Callable<Integer> {
  @Parameters(index = "0", description = "bash or zsh.")
  String shell;

  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    String script = AutoComplete.bash("contactd", spec.root().commandLine());
    switch (shell.toLowerCase(Locale.ROOT)) {
      case "bash" -> System.out.print(script);
      // picocli's script is written for bash; zsh runs it through its bash compatibility layer.
      case "zsh" ->
          System.out.print(
              "autoload -U +X compinit && compinit\n"
                  + "autoload -U +X bashcompinit && bashcompinit\n"
                  + script);
      default ->
          throw new IllegalArgumentException("completion: shell must be bash or zsh, was " + shell);
    }
    return 0;
  }
}
