package org.gconv4j.group;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.gconv4j.internal.Checks;

/**
 * Finds groups by name. Every class generated from a {@code @GroupSpec} is listed in
 * {@code META-INF/services/org.gconv4j.group.Group} by the processor, so {@link ServiceLoader} sees
 * every group compiled onto the class path.
 */
public final class GroupRegistry {
  private final List<Group> groups;

  private GroupRegistry(List<Group> groups) {
    this.groups = Collections.unmodifiableList(groups);
  }

  /** The groups visible to this class's class loader. */
  public static GroupRegistry load() {
    return load(GroupRegistry.class.getClassLoader());
  }

  public static GroupRegistry load(ClassLoader loader) {
    List<Group> found = new ArrayList<>();
    try {
      for (Group g : ServiceLoader.load(Group.class, loader)) {
        found.add(g);
      }
    } catch (ServiceConfigurationError e) {
      throw Checks.state("GroupRegistry", "a generated group class could not be loaded: " + e.getMessage()
          + ". Rebuild the module that declares it (mvn package)", e);
    }
    return new GroupRegistry(found);
  }

  /** All groups, in class-path order. */
  public List<Group> all() {
    return groups;
  }

  /**
   * The group whose name, spec simple name, spec fully qualified name or generated class name
   * matches {@code name} (exact match first, then case-insensitive).
   *
   * @throws IllegalArgumentException listing the known groups when none matches or the name is
   *     ambiguous
   */
  public Group find(String name) {
    List<Group> exact = groups.stream().filter(g -> names(g).contains(name)).collect(Collectors.toList());
    if (exact.size() == 1) {
      return exact.get(0);
    }
    List<Group> matches = exact.isEmpty()
        ? groups.stream().filter(g -> names(g).stream().anyMatch(n -> n.equalsIgnoreCase(name))).collect(Collectors.toList())
        : exact;
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.isEmpty()) {
      throw Checks.argument("GroupRegistry", "no group named '" + name + "'; known groups: " + known()
          + ". Use one of these names, or declare the group with @GroupSpec and rebuild");
    }
    throw Checks.argument("GroupRegistry", "'" + name + "' is ambiguous: "
        + matches.stream().map(Group::specClassName).collect(Collectors.joining(", "))
        + ". Use the spec's fully qualified name");
  }

  private static List<String> names(Group g) {
    String spec = g.specClassName();
    return List.of(g.name(), spec, spec.substring(spec.lastIndexOf('.') + 1), g.getClass().getName());
  }

  /** Names of the known groups, comma separated ("none" when the class path has none). */
  public String known() {
    return groups.isEmpty() ? "none (no generated group classes on the class path)"
        : groups.stream().map(Group::name).collect(Collectors.joining(", "));
  }
}
