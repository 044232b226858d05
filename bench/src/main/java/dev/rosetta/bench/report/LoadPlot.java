package dev.rosetta.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Draws the load benchmark's result as a PNG with plain Java2D (no plotting library, nothing
 * from PyPI): one group of bars per case, one bar per gateway, median req/s on a log scale with
 * its value on top, so grpc-gateway, Rosetta and the floor read side by side.
 *
 * <p>Input: the {@code summary.tsv} written by {@code ../shared/peer/bench.sh} (columns
 * {@code label, case, rps_median, ...}). Run:
 * {@code java -cp bench/target/benchmarks.jar dev.rosetta.bench.report.LoadPlot summary.tsv out.png "title"}.
 */
public final class LoadPlot {
  private static final Color[] COLORS = {
    new Color(0x4e79a7), new Color(0xe15759), new Color(0x59a14f), new Color(0xf28e2b), new Color(0x76b7b2)
  };
  private static final int WIDTH = 1100;
  private static final int HEIGHT = 560;
  private static final int LEFT = 80;
  private static final int RIGHT = 20;
  private static final int TOP = 60;
  private static final int BOTTOM = 70;

  private LoadPlot() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 2) {
      System.err.println("usage: LoadPlot summary.tsv out.png [title]");
      System.exit(2);
    }
    Map<String, Map<String, Double>> byCase = read(Path.of(args[0]));
    String title = args.length > 2 ? args[2] : "median req/s";
    ImageIO.write(draw(byCase, title), "png", Path.of(args[1]).toFile());
  }

  /** case → (label → median req/s), in file order; failed cases are left out. */
  static Map<String, Map<String, Double>> read(Path summary) throws IOException {
    Map<String, Map<String, Double>> byCase = new LinkedHashMap<>();
    List<String> lines = Files.readAllLines(summary);
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split("\t");
      if (f.length < 3) {
        continue;
      }
      try {
        byCase.computeIfAbsent(f[1], k -> new LinkedHashMap<>()).put(f[0], Double.parseDouble(f[2]));
      } catch (NumberFormatException e) {
        byCase.computeIfAbsent(f[1], k -> new LinkedHashMap<>()); // ERR: an empty slot
      }
    }
    return byCase;
  }

  static BufferedImage draw(Map<String, Map<String, Double>> byCase, String title) {
    List<String> labels = new ArrayList<>();
    double max = 1;
    for (Map<String, Double> row : byCase.values()) {
      for (Map.Entry<String, Double> e : row.entrySet()) {
        if (!labels.contains(e.getKey())) {
          labels.add(e.getKey());
        }
        max = Math.max(max, e.getValue());
      }
    }
    int decades = (int) Math.ceil(Math.log10(max));
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    int plotH = HEIGHT - TOP - BOTTOM;
    int plotW = WIDTH - LEFT - RIGHT;

    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
    g.setColor(Color.BLACK);
    g.drawString(title, LEFT, 28);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int d = 0; d <= decades; d++) { // log-scale grid: 1, 10, 100 ... req/s
      int y = TOP + plotH - plotH * d / Math.max(1, decades);
      g.setColor(new Color(0xdddddd));
      g.drawLine(LEFT, y, LEFT + plotW, y);
      g.setColor(Color.DARK_GRAY);
      String tick = String.format(Locale.ROOT, "%,d", (long) Math.pow(10, d));
      g.drawString(tick, LEFT - 8 - g.getFontMetrics().stringWidth(tick), y + 4);
    }
    g.drawString("req/s (log)", 8, TOP - 10);

    int groups = Math.max(1, byCase.size());
    int groupW = plotW / groups;
    int barW = Math.max(8, (groupW - 24) / Math.max(1, labels.size()));
    int gi = 0;
    for (Map.Entry<String, Map<String, Double>> group : byCase.entrySet()) {
      int x0 = LEFT + gi * groupW + 12;
      for (int li = 0; li < labels.size(); li++) {
        Double rps = group.getValue().get(labels.get(li));
        if (rps == null || rps <= 0) {
          continue;
        }
        int h = (int) Math.round(plotH * Math.log10(Math.max(1, rps)) / Math.max(1, decades));
        int x = x0 + li * barW;
        g.setColor(COLORS[li % COLORS.length]);
        g.fillRect(x, TOP + plotH - h, barW - 4, h);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        String value = rps >= 100 ? String.format(Locale.ROOT, "%,.0f", rps) : String.format(Locale.ROOT, "%.1f", rps);
        g.drawString(value, x + (barW - 4 - g.getFontMetrics().stringWidth(value)) / 2, TOP + plotH - h - 3);
      }
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
      String name = group.getKey();
      g.drawString(name, LEFT + gi * groupW + (groupW - g.getFontMetrics().stringWidth(name)) / 2, TOP + plotH + 18);
      gi++;
    }
    g.setStroke(new BasicStroke(1f));
    g.setColor(Color.BLACK);
    g.drawLine(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    int lx = LEFT;
    for (int li = 0; li < labels.size(); li++) { // legend
      g.setColor(COLORS[li % COLORS.length]);
      g.fillRect(lx, HEIGHT - 28, 14, 14);
      g.setColor(Color.BLACK);
      g.drawString(labels.get(li), lx + 20, HEIGHT - 16);
      lx += 30 + g.getFontMetrics().stringWidth(labels.get(li)) + 20;
    }
    g.dispose();
    return image;
  }
}
