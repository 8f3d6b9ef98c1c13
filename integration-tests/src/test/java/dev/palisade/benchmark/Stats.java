package dev.palisade.benchmark;

import java.util.ArrayList;
import java.util.List;

/** The statistics the benchmarks report: medians of runs, nearest-rank percentiles. */
final class Stats {

  private Stats() {
  }

  static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(Double::compare);
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  /** Nearest-rank percentile ({@code fraction} 0.5 for the median); NaN when there are none. */
  static double percentile(List<Long> values, double fraction) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(Long::compare);
    return sorted.get(Math.max(0, (int) Math.ceil(fraction * sorted.size()) - 1));
  }
}
