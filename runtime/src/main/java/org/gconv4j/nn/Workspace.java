package org.gconv4j.nn;

/**
 * Scratch arrays a layer keeps for itself (never returned to callers): {@code current} when it
 * has the length asked for, else a new array. Contents are whatever the last user left.
 */
final class Workspace {
  private Workspace() {}

  static float[] floats(float[] current, int length) {
    return current != null && current.length == length ? current : new float[length];
  }

  static double[] doubles(double[] current, int length) {
    return current != null && current.length == length ? current : new double[length];
  }

  static int[] ints(int[] current, int length) {
    return current != null && current.length == length ? current : new int[length];
  }
}
