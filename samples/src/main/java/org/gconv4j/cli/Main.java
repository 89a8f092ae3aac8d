package org.gconv4j.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code ./gconv4j} command line. {@code test} is handled by the launcher script itself. */
public final class Main {
  private Main() {}

  /** Every command, in the order {@code help} lists them. */
  static Map<String, Command> commands() {
    Map<String, Command> commands = new LinkedHashMap<>();
    for (Command c : List.<Command>of(
        // one line per command
        new HelpCommand(),
        new InspectCommand(),
        new LayerCommand(),
        new TrainCommand(),
        new ReproduceCommand(),
        new EvalCommand(),
        new EquivarianceCommand(),
        new ExportCommand(),
        new ShowCommand(),
        new BenchCommand())) {
      commands.put(c.name(), c);
    }
    return commands;
  }

  public static void main(String[] argv) {
    // machine-readable output (tables, JSON, the contract lines) in ASCII digits whatever the locale (ar_EG, ...)
    java.util.Locale.setDefault(java.util.Locale.Category.FORMAT, java.util.Locale.ROOT);
    System.exit(run(Arrays.asList(argv), System.out, System.err));
  }

  static int run(List<String> argv, PrintStream out, PrintStream err) {
    Map<String, Command> commands = commands();
    String name = argv.isEmpty() ? "help" : argv.get(0);
    if (name.equals("--help") || name.equals("-h")) {
      name = "help";
    }
    Command command = commands.get(name);
    if (command == null) {
      err.println("gconv4j: unknown command '" + name + "'. Commands: " + String.join(", ", commands.keySet())
          + ". Run ./gconv4j help");
      return 2;
    }
    List<String> rest = argv.isEmpty() ? List.of() : argv.subList(1, argv.size()); // ./gconv4j alone is help
    return run(command, rest, out, err);
  }

  /** Runs one command as the command line does: usage errors exit 2, other errors 1, one line each. */
  static int run(Command command, List<String> rest, PrintStream out, PrintStream err) {
    String name = command.name();
    if (rest.contains("--help") || rest.contains("-h")) {
      out.println(command.usage());
      return 0;
    }
    try {
      org.gconv4j.exec.CpuExecutor.configuredThreads(); // a bad -Dgconv4j.cpu.threads fails now, not after the data load
      return command.run(rest, out);
    } catch (UsageException e) {
      err.println("gconv4j " + name + ": " + e.getMessage());
      err.println(command.usage());
      return 2;
    } catch (OutOfMemoryError e) {
      err.println("gconv4j " + name + ": error: [Memory] the JVM heap (" + (Runtime.getRuntime().maxMemory() >> 20)
          + " MiB) ran out. Lower the batch or array sizes (--batch-size), or give Java more memory (JAVA_OPTS=-Xmx...)");
      return 1;
    } catch (Exception e) {
      err.println("gconv4j " + name + ": error: " + message(e));
      if (System.getenv("GCONV4J_DEBUG") != null) {
        e.printStackTrace(err);
      } else {
        err.println("(set GCONV4J_DEBUG=1 for the stack trace)");
      }
      return 1;
    }
  }

  /** One line for any exception: file-system errors say what went wrong, not only the path. */
  static String message(Exception e) {
    if (e instanceof java.nio.file.NoSuchFileException f && !String.valueOf(f.getMessage()).startsWith("[")) {
      return "no such file: " + f.getFile() + (f.getReason() == null ? "" : " (" + f.getReason() + ")");
    }
    if (e instanceof java.nio.file.AccessDeniedException f) {
      return "permission denied: " + f.getFile() + (f.getOtherFile() == null ? "" : " -> " + f.getOtherFile())
          + ". Check the file's permissions (ls -l) or choose another file";
    }
    if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null && f.getMessage().equals(
        f.getFile() + ": " + f.getReason())) {
      return "cannot use " + f.getFile() + ": " + f.getReason();
    }
    if (e.getMessage() == null || e.getMessage().isBlank()) {
      return e.getClass().getSimpleName() + " (no message). Set GCONV4J_DEBUG=1 and report it as a bug";
    }
    return e.getMessage();
  }

  /** {@code ./gconv4j help}. */
  static final class HelpCommand implements Command {
    @Override
    public String name() {
      return "help";
    }

    @Override
    public String summary() {
      return "list the commands";
    }

    @Override
    public String usage() {
      return "usage: ./gconv4j help";
    }

    @Override
    public int run(List<String> args, PrintStream out) {
      out.println("usage: ./gconv4j <command> [options]   (./gconv4j <command> --help for details)");
      out.println("  test           install what is missing (PoCL), build, run every test");
      for (Command c : commands().values()) {
        out.printf(java.util.Locale.ROOT, "  %-14s %s%n", c.name(), c.summary());
      }
      return 0;
    }
  }
}
