package org.gconv4j.cli;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gconv4j.io.AtomicFiles;
import org.gconv4j.train.EpochResult;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Writes training curves as a PNG chart (JFreeChart): training loss (log scale) above, validation
 * error (%) below, one line per run, epochs on the shared horizontal axis. Used by {@code train}
 * (one run) and {@code reproduce table1} (every model and seed).
 */
final class TrainingCurves {
  static final int WIDTH = 1000;
  static final int HEIGHT = 700;

  static {
    System.setProperty("java.awt.headless", "true");
  }

  private TrainingCurves() {}

  /**
   * @param runs per run label (e.g. {@code "p4cnn seed 0"}), its epochs in order; drawn in label order
   */
  static void write(Path png, String title, Map<String, List<EpochResult>> runs) throws IOException {
    write(png, title, runs, "validation error (%)");
  }

  /** The lower plot's axis label of 3D runs, whose {@code validationError} is 1 − validation AUC. */
  static final String ONE_MINUS_AUC = "1 - validation AUC (%)";

  /** As {@link #write(Path, String, Map)}, the lower plot's axis labelled {@code validationLabel}. */
  static void write(Path png, String title, Map<String, List<EpochResult>> runs, String validationLabel)
      throws IOException {
    XYSeriesCollection losses = new XYSeriesCollection();
    XYSeriesCollection errors = new XYSeriesCollection();
    for (Map.Entry<String, List<EpochResult>> run : new TreeMap<>(runs).entrySet()) {
      XYSeries loss = new XYSeries(run.getKey());
      XYSeries error = new XYSeries(run.getKey());
      for (EpochResult e : run.getValue()) {
        if (e.trainLoss() > 0 && Double.isFinite(e.trainLoss())) {
          loss.add(e.epoch(), e.trainLoss());
        }
        if (Double.isFinite(e.validationError())) {
          error.add(e.epoch(), 100 * e.validationError());
        }
      }
      losses.addSeries(loss);
      errors.addSeries(error);
    }
    NumberAxis epochs = new NumberAxis("epoch");
    epochs.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
    CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochs);
    LogAxis lossAxis = new LogAxis("training loss");
    lossAxis.setSmallestValue(1e-6);
    lossAxis.setNumberFormatOverride(new LossFormat());
    XYPlot lossPlot = new XYPlot(losses, null, lossAxis, renderer(runs.size()));
    lossPlot.setFixedLegendItems(new LegendItemCollection());
    plot.add(lossPlot, 1);
    NumberAxis errorAxis = new NumberAxis(validationLabel);
    errorAxis.setAutoRangeIncludesZero(true);
    plot.add(new XYPlot(errors, null, errorAxis, renderer(runs.size())), 1);
    plot.setGap(12);
    JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
    chart.setBackgroundPaint(Color.WHITE);
    AtomicFiles.write(png, out -> {
      try {
        ChartUtils.writeChartAsPNG(out, chart, WIDTH, HEIGHT);
      } catch (RuntimeException e) { // JFreeChart refuses some ranges (e.g. one point at 4.7e29 on the log axis)
        throw new IOException("[Curves] cannot draw the chart for " + png + ": " + e.getMessage()
            + ". The numbers behind it are in the checkpoint's training.json (history)", e);
      }
    });
  }

  /** Series i has the same colour in both plots (the legend shows the lower plot's entries). */
  private static XYLineAndShapeRenderer renderer(int series) {
    XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, series <= 4);
    for (int i = 0; i < series; i++) {
      r.setSeriesStroke(i, new BasicStroke(1.8f));
      r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
    }
    return r;
  }

  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728), new Color(0x9467bd),
    new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f), new Color(0xbcbd22), new Color(0x17becf),
    new Color(0x393b79), new Color(0xad494a)};

  /** Tick labels of the log loss axis: 0.316, 0.032, 0.003, then 3.2E-4 rather than a row of zeros. */
  private static final class LossFormat extends DecimalFormat {
    private static final DecimalFormat SMALL = new DecimalFormat("0.#E0");

    LossFormat() {
      super("0.###");
    }

    @Override
    public StringBuffer format(double v, StringBuffer to, FieldPosition pos) {
      return v >= 0.001 ? super.format(v, to, pos) : SMALL.format(v, to, pos);
    }
  }
}
