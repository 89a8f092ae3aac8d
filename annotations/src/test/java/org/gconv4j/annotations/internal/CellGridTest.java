package org.gconv4j.annotations.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.gconv4j.annotations.Lattice;
import org.junit.jupiter.api.Test;

class CellGridTest {
  @Test
  void hexagonalSupportHasTheCenteredHexagonalNumbers() {
    // CONVENTIONS §3: 7, 19, 37 cells for n = 3, 5, 7 (3k(k+1) + 1 with k = (n - 1) / 2)
    assertEquals(7, new CellGrid(Lattice.HEXAGONAL, 3).supportCells());
    assertEquals(19, new CellGrid(Lattice.HEXAGONAL, 5).supportCells());
    assertEquals(37, new CellGrid(Lattice.HEXAGONAL, 7).supportCells());
    assertEquals(1, new CellGrid(Lattice.HEXAGONAL, 1).supportCells());
  }

  @Test
  void hexagonalSupportOfSize3LeavesOutTheTwoCornersOnTheLongDiagonal() {
    // axial (u, v): (-1, -1) and (1, 1) are at hex distance 2; (-1, 1) and (1, -1) at distance 1
    assertArrayEquals(new int[] {0, 1, 1, 1, 1, 1, 1, 1, 0}, new CellGrid(Lattice.HEXAGONAL, 3).support());
  }

  @Test
  void squareAndCubicSupportsAreEveryCell() {
    assertEquals(16, new CellGrid(Lattice.SQUARE, 4).supportCells());
    assertEquals(27, new CellGrid(Lattice.CUBIC, 3).supportCells());
    assertEquals(27, new CellGrid(Lattice.CUBIC, 3).cells());
  }

  @Test
  void doubledCoordinatesAreCentredForOddAndEvenSizes() {
    CellGrid odd = new CellGrid(Lattice.SQUARE, 3);
    assertArrayEquals(new int[] {0, 0}, odd.doubled(4));
    assertArrayEquals(new int[] {-2, 2}, odd.doubled(2));
    CellGrid even = new CellGrid(Lattice.SQUARE, 4);
    assertArrayEquals(new int[] {-3, -3}, even.doubled(0));
    assertArrayEquals(new int[] {1, -1}, even.doubled(9));
    CellGrid cube = new CellGrid(Lattice.CUBIC, 3);
    assertArrayEquals(new int[] {2, -2, 0}, cube.doubled(2 * 9 + 0 * 3 + 1));
  }

  @Test
  void cellAtInvertsDoubledAndRejectsPointsBetweenOrOutsideCells() {
    for (Lattice lattice : Lattice.values()) {
      for (int n = 1; n <= 5; n++) {
        if (!CellGrid.isValidSize(lattice, n)) {
          continue;
        }
        CellGrid grid = new CellGrid(lattice, n);
        for (int c = 0; c < grid.cells(); c++) {
          assertEquals(c, grid.cellAt(grid.doubled(c)), lattice + " n=" + n + " cell " + c);
        }
      }
    }
    CellGrid g = new CellGrid(Lattice.SQUARE, 3);
    assertEquals(-1, g.cellAt(new int[] {1, 0}));
    assertEquals(-1, g.cellAt(new int[] {4, 0}));
    assertEquals(-1, g.cellAt(new int[] {0, -4}));
  }

  @Test
  void mapRotatesAboutTheCentre() {
    CellGrid g = new CellGrid(Lattice.SQUARE, 3);
    int[][] r = {{0, -1}, {1, 0}};
    // (row, col) = (-1, 0) doubled (-2, 0) -> R (0, -2): the cell left of the centre
    assertEquals(3, g.map(r, 1));
    assertEquals(4, g.map(r, 4));
    // a 60° rotation of the hexagon keeps the support; the square corner (1, 1) leaves the 3x3 grid
    CellGrid hex = new CellGrid(Lattice.HEXAGONAL, 3);
    int[][] r6 = {{1, 1}, {-1, 0}};
    for (int c = 0; c < hex.cells(); c++) {
      if (hex.inSupport(c)) {
        int t = hex.map(r6, c);
        assertTrue(t >= 0 && hex.inSupport(t), "cell " + c);
      }
    }
    assertEquals(-1, hex.map(r6, 8));
  }

  @Test
  void sizesAreCheckedWithTheProjectsMessageStyle() {
    assertTrue(CellGrid.isValidSize(Lattice.HEXAGONAL, 5));
    assertFalse(CellGrid.isValidSize(Lattice.HEXAGONAL, 4));
    assertTrue(CellGrid.isValidSize(Lattice.SQUARE, 4));
    assertFalse(CellGrid.isValidSize(Lattice.CUBIC, 0));
    assertEquals("[CellGrid] a hexagonal grid must have an odd size so that its centre is a lattice point; got 4. Use 3 or 5",
        assertThrows(IllegalArgumentException.class, () -> new CellGrid(Lattice.HEXAGONAL, 4)).getMessage());
    assertEquals("[CellGrid] the size must be >= 1; got 0",
        assertThrows(IllegalArgumentException.class, () -> new CellGrid(Lattice.SQUARE, 0)).getMessage());
  }

  @Test
  void hexDistanceAndDescribe() {
    assertEquals(0, CellGrid.hexDistance(0, 0));
    assertEquals(1, CellGrid.hexDistance(1, -1));
    assertEquals(2, CellGrid.hexDistance(1, 1));
    assertEquals(3, CellGrid.hexDistance(-3, 1));
    CellGrid g = new CellGrid(Lattice.SQUARE, 3);
    assertEquals("(0, 2)", g.describe(new int[] {-2, 2}));
    assertEquals("(0.5, 1)", g.describe(new int[] {-1, 0}));
  }
}
