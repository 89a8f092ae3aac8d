package org.gconv4j.data;

import org.gconv4j.tensor.Tensor;

/**
 * One mini-batch: images [B, C, H, W] and their labels.
 *
 * @param images the images: a fresh tensor the caller may modify, except from the {@code ...Reusing}
 *     iterators of {@link Dataset}, which overwrite it with the next batch
 * @param labels class indices, one per image
 * @param indices the positions of these images in their {@link Dataset}
 */
public record Batch(Tensor images, int[] labels, int[] indices) {
  public int size() {
    return labels.length;
  }
}
