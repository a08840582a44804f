package dev.nncourse.viz;

import dev.nncourse.train.History;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;

/** What the chart tests share: a history of given losses, and the series a chart shows. */
final class ChartFixtures {
    private ChartFixtures() {}

    /** A history whose epoch e (from 1) has loss {@code losses[e − 1]}. */
    static History history(double... losses) {
        History h = new History();
        for (int e = 0; e < losses.length; e++) h.record(e + 1, Map.of(History.LOSS, losses[e]));
        return h;
    }

    /** The names of the chart's series, without the invisible one that rounds the ticks. */
    static List<String> visible(XYChart chart) {
        return chart.getSeriesMap().keySet().stream().filter(k -> !k.equals(Plots.ROUND_TICKS)).toList();
    }
}
