package org.gconv4j.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.gconv4j.internal.Checks;
import org.gconv4j.io.DType;
import org.gconv4j.io.Npz;
import org.gconv4j.io.NpyArray;
import org.gconv4j.io.NpyFormatException;

/**
 * MedMNIST 3D data sets (Yang et al., "MedMNIST v2", Scientific Data 10:41, 2023; CC BY 4.0) from
 * their official {@code .npz} files: {@code train_images [N, L, L, L] uint8}, {@code train_labels
 * [N, 1]} (or {@code [N]}) integer, and the same for {@code val} and {@code test}. Volumes become
 * floats in [0, 1] (uint8 / 255) of shape [1, L, L, L] in the file's axis order; the number of
 * classes is the largest label + 1. Files whose name is an official one ({@link #KNOWN_MD5}) must
 * have the official MD5 sum.
 */
public final class MedMnist3d {
  /** MD5 of the official AdrenalMNIST3D 28³ file ({@code adrenalmnist3d.npz}). */
  public static final String ADRENAL_MD5 = "bbd3c5a5576322bc4cdfea780653b1ce";
  /** Official MD5 sums by file name (zenodo record 10519652; the 64³ file is {@code _64}). */
  public static final Map<String, String> KNOWN_MD5 = Map.of(
      "adrenalmnist3d.npz", ADRENAL_MD5,
      "adrenalmnist3d_64.npz", "17721accfe9fb005146a47d33bc54b2f");
  /** The splits' key prefixes, in the order of {@link Splits}. */
  public static final List<String> SPLITS = List.of("train", "val", "test");

  private MedMnist3d() {}

  /** The file's MD5 sum, 32 lower-case hex digits. */
  public static String md5(Path file) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw Checks.state("MedMNIST", "this JVM has no MD5 digest", e);
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] buf = new byte[1 << 16];
      for (int r; (r = in.read(buf)) > 0; ) {
        md.update(buf, 0, r);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * Reads the three splits.
   *
   * @param name the data set's name, e.g. {@code adrenalmnist3d} (names the splits: {@code adrenalmnist3d/train})
   * @param expectedMd5 the file's required MD5 sum, or null to require the official one only when
   *     the file name is in {@link #KNOWN_MD5}
   */
  public static Splits load(Path file, String name, String expectedMd5) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new IOException("[MedMNIST] " + file + (Files.exists(file) ? " is not a regular file" : " does not exist")
          + ". Pass a MedMNIST .npz file (e.g. adrenalmnist3d.npz from https://zenodo.org/records/10519652)");
    }
    String md5 = md5(file);
    String want = expectedMd5 != null ? expectedMd5
        : KNOWN_MD5.get(file.getFileName().toString().toLowerCase(Locale.ROOT));
    if (want != null && !want.equalsIgnoreCase(md5)) {
      throw new IOException("[MedMNIST] " + file + " has MD5 " + md5 + ", but the official " + file.getFileName()
          + " has " + want + "; the file is damaged or another version. Download it again from MedMNIST v2 "
          + "(https://zenodo.org/records/10519652)");
    }
    Map<String, NpyArray> arrays;
    try {
      arrays = Npz.read(file, key -> key.endsWith("_images") || key.endsWith("_labels"));
    } catch (NpyFormatException e) {
      throw e;
    } catch (IOException e) {
      throw new NpyFormatException("[MedMNIST] " + file + " is not a readable .npz archive (" + e.getMessage()
          + "). Pass a MedMNIST .npz file", e);
    }
    List<String> missing = new ArrayList<>();
    for (String split : SPLITS) {
      for (String part : List.of("_images", "_labels")) {
        if (!arrays.containsKey(split + part)) {
          missing.add(split + part);
        }
      }
    }
    if (!missing.isEmpty()) {
      throw new NpyFormatException("[MedMNIST] " + file + " lacks the arrays " + missing + " (it holds "
          + arrays.keySet() + "); a MedMNIST file has train_/val_/test_ images and labels");
    }
    int side = -1;
    int classes = 0;
    int[][] labels = new int[3][];
    for (int s = 0; s < 3; s++) {
      String split = SPLITS.get(s);
      NpyArray images = arrays.get(split + "_images");
      int[] shape = images.shape();
      if (images.dtype() != DType.UINT8 || shape.length != 4 || shape[1] != shape[2] || shape[2] != shape[3]) {
        throw new NpyFormatException("[MedMNIST] " + file + ": " + split + "_images must be uint8 volumes [N, L, L, L]; got "
            + images.dtype().descr() + " " + Arrays.toString(shape) + ". Pass a MedMNIST 3D file (2D sets are [N, 28, 28])");
      }
      if (shape[0] == 0 || shape[1] == 0) {
        throw new NpyFormatException("[MedMNIST] " + file + ": " + split + "_images holds no volumes ("
            + Arrays.toString(shape) + "); every split (train, val, test) needs at least one volume with at least one voxel");
      }
      if (side >= 0 && shape[1] != side) {
        throw new NpyFormatException("[MedMNIST] " + file + ": " + split + "_images are " + shape[1] + "³ but train_images are "
            + side + "³; all splits must have one size");
      }
      side = shape[1];
      NpyArray y = arrays.get(split + "_labels");
      int[] ys = y.shape();
      boolean column = ys.length == 2 && ys[1] == 1;
      if (!(ys.length == 1 || column) || ys[0] != shape[0]) {
        throw new NpyFormatException("[MedMNIST] " + file + ": " + split + "_labels must be [" + shape[0] + ", 1] (one label per volume); got "
            + Arrays.toString(ys) + (ys.length == 2 && ys[1] > 1 ? " (multi-label sets are not supported)" : ""));
      }
      int[] l;
      try {
        l = y.toInts();
      } catch (IllegalStateException e) {
        throw new NpyFormatException("[MedMNIST] " + file + ": " + split + "_labels are not integers: " + e.getMessage());
      }
      for (int i = 0; i < l.length; i++) {
        if (l[i] < 0 || l[i] > 1000) {
          throw new NpyFormatException("[MedMNIST] " + file + ": " + split + "_labels[" + i + "] = " + l[i]
              + " is not a class index in [0, 1000]");
        }
        classes = Math.max(classes, l[i] + 1);
      }
      labels[s] = l;
    }
    if (classes < 2) {
      throw new NpyFormatException("[MedMNIST] " + file + ": every label is 0; a classification set needs two classes or more");
    }
    Dataset[] sets = new Dataset[3];
    for (int s = 0; s < 3; s++) {
      String split = SPLITS.get(s);
      byte[] raw = arrays.get(split + "_images").toUnsignedBytes();
      float[] x = new float[raw.length];
      for (int i = 0; i < raw.length; i++) {
        x[i] = (raw[i] & 0xff) / 255f;
      }
      sets[s] = new Dataset(name + "/" + (s == 1 ? "validation" : split), x, labels[s], new int[] {1, side, side, side},
          classes);
    }
    String provenance = String.format(Locale.ROOT, "%s %d³ (MedMNIST v2, CC BY 4.0) from %s, MD5 %s%s", name, side, file,
        md5, want != null ? " (official)" : "");
    return new Splits(sets[0], sets[1], sets[2], provenance);
  }
}
