package org.gconv4j.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The four IDX files of MNIST or Fashion-MNIST (same names), located in one folder. Accepts
 * {@code train-images-idx3-ubyte} and {@code train-images.idx3-ubyte} spellings, each optionally
 * gzipped ({@code .gz}).
 */
public record MnistFiles(Path trainImages, Path trainLabels, Path testImages, Path testLabels) {
  /** The canonical file names, in the order train images, train labels, test images, test labels. */
  public static final List<String> NAMES =
      List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

  /** Finds the four files in {@code dir} (or its {@code data/} subfolder), if all are there. */
  public static Optional<MnistFiles> find(Path dir) {
    for (Path d : List.of(dir, dir.resolve("data"), dir.resolve("package").resolve("data"))) {
      List<Path> found = new ArrayList<>();
      for (String name : NAMES) {
        Path p = findOne(d, name);
        if (p == null) {
          break;
        }
        found.add(p);
      }
      if (found.size() == 4) {
        return Optional.of(new MnistFiles(found.get(0), found.get(1), found.get(2), found.get(3)));
      }
    }
    return Optional.empty();
  }

  private static Path findOne(Path dir, String name) {
    String dotted = name.replace("-idx", ".idx");
    for (String candidate : List.of(name, name + ".gz", dotted, dotted + ".gz")) {
      Path p = dir.resolve(candidate);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** Reads the files: training set (60,000) and test set (10,000), pixels scaled to [0, 1]. */
  public Dataset[] load(String name) throws IOException {
    return new Dataset[] {read(name + "/train", trainImages, trainLabels), read(name + "/test", testImages, testLabels)};
  }

  private static Dataset read(String name, Path images, Path labels) throws IOException {
    Idx.Array x = Idx.read(images);
    Idx.Array y = Idx.read(labels);
    int[] xd = x.dims();
    int[] yd = y.dims();
    if (xd.length != 3 || yd.length != 1 || xd[0] != yd[0]) {
      throw new IdxFormatException("[MnistFiles] " + images + " and " + labels + " do not match: images "
          + java.util.Arrays.toString(xd) + ", labels " + java.util.Arrays.toString(yd)
          + "; expected [N, H, W] images and [N] labels");
    }
    byte[] px = x.data();
    float[] f = new float[px.length];
    for (int i = 0; i < px.length; i++) {
      f[i] = (px[i] & 0xff) / 255f;
    }
    byte[] lb = y.data();
    int[] l = new int[lb.length];
    for (int i = 0; i < lb.length; i++) {
      l[i] = lb[i] & 0xff;
    }
    return new Dataset(name, f, l, 1, xd[1], xd[2], 10);
  }
}
