package org.gconv4j.cli;

import java.io.PrintStream;
import java.util.List;

/** One subcommand of {@code ./gconv4j}. */
interface Command {
  /** The word after {@code ./gconv4j}, e.g. {@code "inspect"}. */
  String name();

  /** One line for {@code ./gconv4j help}. */
  String summary();

  /** Full usage text, printed on {@code --help} and on usage errors. */
  String usage();

  /**
   * Runs the command. Returns the process exit code. Throws {@link UsageException} for bad
   * arguments (printed with the usage, exit 2).
   */
  int run(List<String> args, PrintStream out) throws Exception;
}
