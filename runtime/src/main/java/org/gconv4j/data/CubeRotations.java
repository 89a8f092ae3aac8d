package org.gconv4j.data;

import java.util.Random;
import java.util.function.UnaryOperator;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.internal.Checks;
import org.gconv4j.tensor.Tensor;

/**
 * Data augmentation for volumes [B, C, L, L, L]: each sample is moved by its own element of a
 * cubic group (e.g. one of the 24 rotations of O), drawn uniformly (the identity included) — an
 * exact permutation of the voxels about the cube's centre ({@link GroupAction#sourceCells}), no
 * interpolation. The elements come from one {@link Random} seeded at construction, so a run repeats
 * exactly. The returned batch's tensor is reused by the next call (allocation-free in steady state):
 * use it before drawing the next batch, as the trainer does.
 */
public final class CubeRotations implements UnaryOperator<Batch> {
  private final Group group;
  private final int side;
  private final int[][] sources;
  private final Random rng;
  private Tensor buffer;

  /**
   * @param group a 3D group acting on the cubic grid (O: 24 rotations; OH: 48 with reflections)
   * @param side the volumes' side L
   */
  public CubeRotations(Group group, int side, long seed) {
    if (group.dimension() != 3) {
      throw Checks.argument("CubeRotations", "needs a 3D group; " + group.name() + " is " + group.dimension() + "D");
    }
    this.group = group;
    this.side = side;
    this.sources = new int[group.order()][];
    for (int h = 0; h < group.order(); h++) {
      sources[h] = GroupAction.sourceCells(group, h, side);
    }
    this.rng = new Random(seed);
  }

  public Group group() {
    return group;
  }

  @Override
  public Batch apply(Batch b) {
    Tensor x = b.images();
    int[] shape = x.shape();
    if (shape.length != 5 || shape[2] != side || shape[3] != side || shape[4] != side) {
      throw Checks.argument("CubeRotations", "expected volumes [B, C, " + side + ", " + side + ", " + side
          + "]; got " + x.shapeString());
    }
    if (buffer == null || !buffer.hasShape(shape)) {
      buffer = Tensor.zeros(shape);
    }
    float[] src = x.data();
    float[] dst = buffer.data();
    int cells = side * side * side;
    int planes = shape[1];
    for (int i = 0; i < shape[0]; i++) {
      int[] from = sources[rng.nextInt(sources.length)];
      for (int c = 0; c < planes; c++) {
        int off = (i * planes + c) * cells;
        for (int j = 0; j < cells; j++) {
          dst[off + j] = src[off + from[j]];
        }
      }
    }
    return new Batch(buffer, b.labels(), b.indices());
  }
}
