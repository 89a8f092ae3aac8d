package org.gconv4j.cli;

import static org.gconv4j.cli.CliTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.gconv4j.group.Group;
import org.gconv4j.group.GroupAction;
import org.gconv4j.samples.models.PaperModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code show} on checkpoints trained here (tiny Fashion-MNIST-format data): the PNG exists, has the
 * layout's size, and its rotated panels are rotations of each other: the input panels pixel for
 * pixel (square lattice), and every G-feature-map cell's colour in row h, plane t equals the colour of
 * cell H_h⁻¹x in row e, plane h⁻¹t (square and hexagonal lattices).
 */
class ShowCommandTest {
  /** Colour levels two equal values may differ by after float rounding of the equivariant maps. */
  static final int COLOUR_TOLERANCE = 2;

  @TempDir
  static Path dir;

  @BeforeAll
  static void writeData() throws IOException {
    CliTestSupport.writeTinyFashionMnist(dir);
  }

  static Path train(String model) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    Path ckpt = dir.resolve(model + ".npz");
    run(new TrainCommand(TrainCommandsTest.NAIVE, quiet), "--model", model, "--epochs", "1", "--batch-size", "40",
        "--dataset", "fashion-mnist", "--data", dir.toString(), "--checkpoint", ckpt.toString());
    return ckpt;
  }

  static BufferedImage show(Path ckpt, Path png, String layer) throws Exception {
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    String out = run(new ShowCommand(TrainCommandsTest.NAIVE, quiet), "--checkpoint", ckpt.toString(), "--data",
        dir.toString(), "--digit", "3", "--layer", layer, "--out", png.toString());
    assertTrue(out.startsWith("wrote " + png), out);
    assertTrue(Files.size(png) > 2_000, "a PNG with content: " + Files.size(png) + " bytes");
    return ImageIO.read(png.toFile());
  }

  @Test
  void p4cnnFigureShowsRotatedInputsAndCycledPlanes() throws Exception {
    Path png = dir.resolve("fig-p4.png");
    BufferedImage img = show(train("p4cnn"), png, "2");
    Group p4 = PaperModels.group("P4");
    FeatureMapFigure fig = layoutOf(img, 4, 5, false);
    // input panels: row h is rot90(row 0, h), pixel for pixel
    int cell = FeatureMapFigure.squareCell(28);
    int side = cell * 28;
    int[] o0 = drawnOrigin(fig, 0, 0, 28);
    for (int h = 1; h < 4; h++) {
      int[] oh = drawnOrigin(fig, h, 0, 28);
      for (int y = 0; y < side; y++) {
        for (int x = 0; x < side; x++) {
          // np.rot90(a, h)[y, x]: h = 1 -> a[x, side-1-y]
          int sy = y;
          int sx = x;
          for (int k = 0; k < h; k++) {
            int t = sy;
            sy = sx;
            sx = side - 1 - t;
          }
          assertEquals(img.getRGB(o0[0] + sx, o0[1] + sy), img.getRGB(oh[0] + x, oh[1] + y),
              "input panel of row " + h + " at (" + x + ", " + y + ")");
        }
      }
    }
    assertPlanesCycle(img, fig, p4, 24);
  }

  @Test
  void p6cnnFigureDrawsHexagonsThatRotateAndCycle() throws Exception {
    Path png = dir.resolve("fig-p6.png");
    BufferedImage img = show(train("p6cnn"), png, "1");
    Group p6 = PaperModels.group("P6");
    FeatureMapFigure fig = layoutOf(img, 6, 7, true);
    assertPlanesCycle(img, fig, p6, 29);
    // the input column too: cell x of row h has the colour of cell H_h^-1 x of row e
    assertCellsMove(img, fig, p6, 0, 31);
    // hexagonal drawing: outside the hexagon the panel stays background grey
    int[] corner = fig.panelOrigin(0, 1);
    assertEquals(0xEEEEEE, img.getRGB(corner[0] + 1, corner[1] + 1) & 0xFFFFFF);
  }

  /** The pixel checks are not blind: a plain CNN's maps of the turned digits are not turned maps. */
  @Test
  void z2cnnMapsAreNotRotationsOfEachOther() throws Exception {
    BufferedImage img = show(train("z2cnn"), dir.resolve("fig-z2.png"), "1");
    Group p4 = PaperModels.group("P4");
    FeatureMapFigure fig = layoutOf(img, 4, 2, false);
    assertCellsMove(img, fig, p4, 0, 28);
    assertThrows(AssertionError.class, () -> assertCellsMove(img, fig, p4, 1, 26));
  }

  @Test
  void badLayerIsAUsageError() throws Exception {
    Path ckpt = train("p4cnn");
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
    UsageException e = assertThrows(UsageException.class, () -> new ShowCommand(TrainCommandsTest.NAIVE, quiet)
        .run(List.of("--checkpoint", ckpt.toString(), "--data", dir.toString(), "--layer", "9", "--out",
            dir.resolve("x.png").toString()), quiet));
    assertTrue(e.getMessage().contains("[1, 6]"), e.getMessage());
  }

  /** The layout of a figure of rows × cols panels, after checking that the image has its size. */
  private static FeatureMapFigure layoutOf(BufferedImage img, int rows, int cols, boolean hex) {
    FeatureMapFigure fig = new FeatureMapFigure(rows, cols, hex);
    assertEquals(fig.width(), img.getWidth(), "width");
    assertEquals(fig.height(), img.getHeight(), "height");
    return fig;
  }

  /** Top-left pixel of the drawn square map in panel (row, col). */
  private static int[] drawnOrigin(FeatureMapFigure fig, int row, int col, int size) {
    double[] c = fig.cellCentre(row, col, size, 0, 0);
    int cell = FeatureMapFigure.squareCell(size);
    return new int[] {(int) Math.round(c[0] - cell / 2.0), (int) Math.round(c[1] - cell / 2.0)};
  }

  /** Row h, plane t = row e, plane h⁻¹t moved by h, at every cell centre; and the maps are not blank. */
  private static void assertPlanesCycle(BufferedImage img, FeatureMapFigure fig, Group g, int size) {
    for (int h = 1; h < g.order(); h++) {
      for (int t = 0; t < g.order(); t++) {
        assertCellsMovePlane(img, fig, g, h, t, size);
      }
    }
    int coloured = 0;
    for (int i = 0; i < size; i++) {
      double[] c = fig.cellCentre(0, 1, size, i, i);
      coloured += (img.getRGB((int) c[0], (int) c[1]) & 0xFFFFFF) != 0xFFFFFF ? 1 : 0;
    }
    assertTrue(coloured > 0, "the feature maps must not be blank");
  }

  private static void assertCellsMovePlane(BufferedImage img, FeatureMapFigure fig, Group g, int h, int t, int size) {
    int tBar = g.multiply(g.inverse(h), t);
    int[] source = GroupAction.sourceCells(g, h, size);
    for (int cell = 0; cell < size * size; cell++) {
      int i = cell / size;
      int j = cell % size;
      if (source[cell] < 0 || (fig.isHex() && !FeatureMapFigure.inHexagon(size, i, j))) {
        continue;
      }
      int expected = colourAt(img, fig, 0, tBar + 1, size, source[cell] / size, source[cell] % size);
      int actual = colourAt(img, fig, h, t + 1, size, i, j);
      assertClose(expected, actual, g.name() + " row " + h + " plane " + t + " cell (" + i + ", " + j + ")");
    }
  }

  private static void assertCellsMove(BufferedImage img, FeatureMapFigure fig, Group g, int col, int size) {
    for (int h = 1; h < g.order(); h++) {
      int[] source = GroupAction.sourceCells(g, h, size);
      for (int cell = 0; cell < size * size; cell++) {
        int i = cell / size;
        int j = cell % size;
        if (source[cell] < 0 || (fig.isHex() && !FeatureMapFigure.inHexagon(size, i, j))) {
          continue;
        }
        assertClose(colourAt(img, fig, 0, col, size, source[cell] / size, source[cell] % size),
            colourAt(img, fig, h, col, size, i, j), "input row " + h + " cell (" + i + ", " + j + ")");
      }
    }
  }

  private static int colourAt(BufferedImage img, FeatureMapFigure fig, int row, int col, int size, int i, int j) {
    double[] c = fig.cellCentre(row, col, size, i, j);
    return img.getRGB((int) Math.floor(c[0]), (int) Math.floor(c[1]));
  }

  private static void assertClose(int a, int b, String where) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int d = Math.abs(((a >> shift) & 0xFF) - ((b >> shift) & 0xFF));
      assertTrue(d <= COLOUR_TOLERANCE, where + ": colours " + Integer.toHexString(a) + " vs " + Integer.toHexString(b));
    }
  }
}
