package org.gconv4j.train;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Training progress on stderr. On a terminal: one line redrawn in place (at most 10 times a
 * second) — epoch, step/steps, loss, accuracy, images/s, ETA. Otherwise (a log file, CI): a plain
 * line at every 10% of an epoch. {@code GCONV4J_PROGRESS=bar|lines|off} overrides the detection.
 */
public final class ProgressBar {
  /** How progress is shown. */
  public enum Mode { BAR, LINES, OFF }

  private static final int WIDTH = 12; // the whole line fits 80 columns
  private final PrintStream out;
  private final Mode mode;
  private final long totalSteps;
  private long stepsDone;
  private long startNanos;
  private long lastDraw;
  private int epoch;
  private int epochs;
  private int steps;
  private int lastDecile;
  private long epochImages;
  private long epochStart;
  private boolean lineOpen;

  /**
   * @param totalSteps optimisation steps of the whole run (for the ETA)
   */
  ProgressBar(PrintStream out, Mode mode, long totalSteps) {
    this.out = out;
    this.mode = mode;
    this.totalSteps = totalSteps;
    this.startNanos = System.nanoTime();
  }

  /** BAR when stderr is a terminal, LINES otherwise, unless {@code GCONV4J_PROGRESS} says. */
  public static Mode detectMode() {
    String env = System.getenv("GCONV4J_PROGRESS");
    if (env != null) {
      switch (env.toLowerCase(Locale.ROOT)) {
        case "bar":
          return Mode.BAR;
        case "lines":
          return Mode.LINES;
        case "off":
          return Mode.OFF;
        default:
          break;
      }
    }
    return stderrIsTerminal() ? Mode.BAR : Mode.LINES;
  }

  private static boolean stderrIsTerminal() {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (Exception e) {
      return System.console() != null;
    }
  }

  /** Starts an epoch of {@code steps} steps. */
  void startEpoch(int epoch, int epochs, int steps) {
    this.epoch = epoch;
    this.epochs = epochs;
    this.steps = steps;
    this.lastDecile = 0;
    this.epochImages = 0;
    this.epochStart = System.nanoTime();
    if (epoch == 1) {
      startNanos = epochStart;
    }
  }

  /**
   * After step {@code step} (1-based) of the current epoch.
   *
   * @param loss running mean loss of the epoch
   * @param accuracy running accuracy of the epoch, in [0, 1]
   * @param images images processed in the step
   */
  void step(int step, double loss, double accuracy, int images) {
    stepsDone++;
    epochImages += images;
    if (mode == Mode.OFF) {
      return;
    }
    long now = System.nanoTime();
    if (mode == Mode.BAR) {
      if (now - lastDraw < 100_000_000L && step < steps) {
        return;
      }
      lastDraw = now;
      out.print("\r" + line(step, loss, accuracy, now) + "\u001b[K");
      out.flush();
      lineOpen = true;
    } else {
      int decile = (int) ((long) step * 10 / steps);
      if (decile > lastDecile) {
        lastDecile = decile;
        out.println(line(step, loss, accuracy, now));
      }
    }
  }

  private String line(int step, double loss, double accuracy, long now) {
    double epochSeconds = (now - epochStart) / 1e9;
    double rate = epochSeconds > 0 ? epochImages / epochSeconds : 0;
    double perStep = (now - startNanos) / 1e9 / Math.max(1, stepsDone);
    double eta = perStep * (totalSteps - stepsDone);
    StringBuilder bar = new StringBuilder();
    if (mode == Mode.BAR) {
      int filled = (int) ((long) step * WIDTH / Math.max(1, steps));
      bar.append('[').append("=".repeat(filled)).append(filled < WIDTH ? ">" : "")
          .append(" ".repeat(Math.max(0, WIDTH - filled - 1))).append("] ");
    }
    return String.format(Locale.ROOT, "epoch %d/%d %s%d/%d loss %.4f acc %.1f%% %.0f img/s ETA %s", epoch, epochs, bar,
        step, steps, loss, 100 * accuracy, rate, duration(eta));
  }

  /** Ends the epoch with a summary line (replacing the bar). */
  void endEpoch(String summary) {
    if (mode == Mode.OFF) {
      return;
    }
    if (lineOpen) {
      out.print("\r\u001b[K");
      lineOpen = false;
    }
    out.println(summary);
    out.flush();
  }

  /** E.g. {@code 4m05s}, {@code 1h02m}, {@code 12s}. */
  static String duration(double seconds) {
    long s = Math.max(0, Math.round(seconds));
    if (s >= 3600) {
      return String.format(Locale.ROOT, "%dh%02dm", s / 3600, (s % 3600) / 60);
    }
    if (s >= 60) {
      return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
    }
    return s + "s";
  }
}
