package org.gconv4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Polygon;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.List;
import org.gconv4j.annotations.internal.CellGrid;

/**
 * Draws a grid of map panels (one row per input transformation, one column per map) into an
 * image, each lattice cell as it is: square cells as squares of an integer number of pixels, hexagonal
 * cells (axial coordinates, CONVENTIONS §1, pointy-top with the column axis horizontal as
 * {@code HexResampler} lays them out) as hexagons. Only the hexagon inscribed in a hexagonal map's
 * array is drawn (outlined, where cells are at least 6 pixels wide). Column 0 holds the input (grey: 0 white, 1 black); the other columns share one
 * colour scale (positive red, negative blue, 0 white) so equal values look equal in every panel.
 */
final class FeatureMapFigure {
  /** Panel side in pixels. */
  static final int PANEL = 112;
  static final int GAP = 8;
  static final int LEFT = 78;
  static final int TOP = 82;

  private final int rows;
  private final int cols;
  private final boolean hex;

  /** One map: size × size values, row-major. */
  record Map(float[] values, int size) {}

  FeatureMapFigure(int rows, int cols, boolean hex) {
    this.rows = rows;
    this.cols = cols;
    this.hex = hex;
  }

  boolean isHex() {
    return hex;
  }

  int width() {
    return LEFT + cols * (PANEL + GAP);
  }

  int height() {
    return TOP + rows * (PANEL + GAP);
  }

  /** Top-left pixel of panel (row, col). */
  int[] panelOrigin(int row, int col) {
    return new int[] {LEFT + col * (PANEL + GAP), TOP + row * (PANEL + GAP)};
  }

  /** Side in pixels of a square cell of a size × size map. */
  static int squareCell(int size) {
    return Math.max(1, PANEL / size);
  }

  /** The pixel {x, y} of the centre of map cell [i, j] in panel (row, col), for a size × size map. */
  double[] cellCentre(int row, int col, int size, int i, int j) {
    int[] o = panelOrigin(row, col);
    if (!hex) {
      int cell = squareCell(size);
      int off = (PANEL - cell * size) / 2;
      return new double[] {o[0] + off + cell * j + cell / 2.0, o[1] + off + cell * i + cell / 2.0};
    }
    double a = hexSpacing(size);
    int r = (size - 1) / 2;
    int u = i - r;
    int v = j - r;
    return new double[] {o[0] + PANEL / 2.0 + a * (v + u / 2.0), o[1] + PANEL / 2.0 + a * Math.sqrt(3) / 2 * u};
  }

  /** Centre-to-centre distance of neighbouring hexagonal cells: the hexagon (2r + 1 cells wide) fills the panel. */
  static double hexSpacing(int size) {
    return (double) PANEL / size;
  }

  static boolean inHexagon(int size, int i, int j) {
    int r = (size - 1) / 2;
    int u = i - r;
    int v = j - r;
    return CellGrid.hexDistance(u, v) <= r;
  }

  /**
   * Renders the figure.
   *
   * @param maps maps[row][col]; column 0 is the input
   * @param scale the value drawn full red (blue when negative) in columns ≥ 1
   */
  BufferedImage render(String title, String subtitle, List<String> rowLabels, List<String> colLabels, Map[][] maps, double scale) {
    return render(title, subtitle, rowLabels, colLabels, maps, scale, 1);
  }

  /** As {@link #render(String, String, List, List, Map[][], double)} with the first {@code greyColumns} columns drawn as inputs (grey). */
  BufferedImage render(String title, String subtitle, List<String> rowLabels, List<String> colLabels, Map[][] maps, double scale,
      int greyColumns) {
    BufferedImage img = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width(), height());
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, 6, 17);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    String[] lines = subtitle.split("\n");
    for (int i = 0; i < lines.length; i++) {
      g.drawString(lines[i], 6, 35 + 15 * i);
    }
    for (int c = 0; c < cols; c++) {
      int[] o = panelOrigin(0, c);
      g.setColor(Color.BLACK);
      g.drawString(colLabels.get(c), o[0] + 2, TOP - 8);
    }
    for (int r = 0; r < rows; r++) {
      int[] o = panelOrigin(r, 0);
      g.setColor(Color.BLACK);
      g.drawString(rowLabels.get(r), 6, o[1] + PANEL / 2 + 4);
      for (int c = 0; c < cols; c++) {
        int[] p = panelOrigin(r, c);
        g.setColor(new Color(0xEEEEEE));
        g.fillRect(p[0], p[1], PANEL, PANEL);
        g.drawRect(p[0] - 1, p[1] - 1, PANEL + 1, PANEL + 1);
        drawMap(g, r, c, maps[r][c], c < greyColumns ? -1 : scale);
      }
    }
    g.dispose();
    return img;
  }

  private void drawMap(Graphics2D g, int row, int col, Map map, double scale) {
    int size = map.size();
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        if (hex && !inHexagon(size, i, j)) {
          continue;
        }
        float v = map.values()[i * size + j];
        Color fill = scale < 0 ? grey(v) : diverging(v / scale);
        g.setColor(fill);
        double[] centre = cellCentre(row, col, size, i, j);
        if (hex) {
          Polygon cell = hexagon(centre[0], centre[1], hexSpacing(size));
          g.fillPolygon(cell);
          // cells large enough to see get a slightly darker outline: the lattice shows
          if (hexSpacing(size) >= 6) {
            g.setColor(new Color((int) (fill.getRed() * 0.88), (int) (fill.getGreen() * 0.88),
                (int) (fill.getBlue() * 0.88)));
          }
          g.setStroke(new BasicStroke(1f));
          g.drawPolygon(cell);
        } else {
          int cell = squareCell(size);
          g.fillRect((int) Math.round(centre[0] - cell / 2.0), (int) Math.round(centre[1] - cell / 2.0), cell, cell);
        }
      }
    }
  }

  /** A pointy-top hexagon whose opposite edges are {@code spacing} apart (the cells tile the plane). */
  private static Polygon hexagon(double x, double y, double spacing) {
    double radius = spacing / Math.sqrt(3);
    Polygon p = new Polygon();
    for (int k = 0; k < 6; k++) {
      double angle = Math.PI / 6 + k * Math.PI / 3;
      p.addPoint((int) Math.round(x + radius * Math.cos(angle)), (int) Math.round(y + radius * Math.sin(angle)));
    }
    return p;
  }

  /** 0 white, 1 black, clamped. */
  static Color grey(double v) {
    int level = 255 - (int) Math.round(255 * Math.max(0, Math.min(1, v)));
    return new Color(level, level, level);
  }

  /** t in [−1, 1]: blue (−1), white (0), red (1), clamped. */
  static Color diverging(double t) {
    double c = Math.max(-1, Math.min(1, t));
    int fade = (int) Math.round(255 * (1 - Math.abs(c)));
    return c >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
  }
}
