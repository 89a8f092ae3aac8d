package org.gconv4j.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Minimal GNU-style option parser: {@code --name value}, {@code --name=value} and boolean
 * {@code --flag}; everything else is positional. Unknown options are usage errors.
 */
final class Args {
  private final Map<String, String> options = new LinkedHashMap<>();
  private final List<String> positional = new ArrayList<>();

  private Args() {}

  /**
   * @param valued options that take a value (without the leading dashes)
   * @param flags boolean options (without the leading dashes)
   */
  static Args parse(List<String> args, Set<String> valued, Set<String> flags) {
    Args parsed = new Args();
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (!a.startsWith("--") || a.equals("--")) {
        parsed.positional.add(a);
        continue;
      }
      String name = a.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flags.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        parsed.options.put(name, "true");
      } else if (valued.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size()) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        parsed.options.put(name, value);
      } else {
        throw new UsageException("unknown option --" + name);
      }
    }
    return parsed;
  }

  /**
   * The value of {@code --name V} or {@code --name=V} among raw arguments, or null (to choose how to
   * parse the rest, e.g. 2D or 3D {@code train}); the last one wins, as in {@link #parse}.
   */
  static String valueOf(List<String> args, String name) {
    String value = null;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      if (a.equals("--" + name) && i + 1 < args.size()) {
        value = args.get(++i);
      } else if (a.startsWith("--" + name + "=")) {
        value = a.substring(name.length() + 3);
      }
    }
    return value;
  }

  boolean has(String name) {
    return options.containsKey(name);
  }

  String get(String name, String fallback) {
    return options.getOrDefault(name, fallback);
  }

  String require(String name) {
    String v = options.get(name);
    if (v == null) {
      throw new UsageException("missing required option --" + name);
    }
    return v;
  }

  int getInt(String name, int fallback) {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be an integer; got '" + v + "'");
    }
  }

  /** {@link #getInt}, and at least 1: the one home of the CLI's "--name must be >= 1" rule. */
  int getPositiveInt(String name, int fallback) {
    int v = getInt(name, fallback);
    if (v < 1) {
      throw new UsageException("--" + name + " must be >= 1; got " + v);
    }
    return v;
  }

  double getDouble(String name, double fallback) {
    String v = options.get(name);
    if (v == null) {
      return fallback;
    }
    try {
      return Double.parseDouble(v);
    } catch (NumberFormatException e) {
      throw new UsageException("--" + name + " must be a number; got '" + v + "'");
    }
  }

  List<String> positional() {
    return positional;
  }
}
