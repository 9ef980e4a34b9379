package org.hpcsweep.report;

import static org.hpcsweep.report.ScalingMetricsTest.failed;
import static org.hpcsweep.report.ScalingMetricsTest.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;

import org.hpcsweep.study.JobOutcome;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class ScalingChartsTest {

    @TempDir
    Path tmp;

    private static final List<JobOutcome> JOBS = List.of(ok(1, 100), ok(2, 52), failed(4, "node lost"), ok(8, 15),
            ok(16, 9));

    @Test
    void pngAndSvgForEveryChart() throws Exception {
        StudyMetrics m = ScalingMetricsTest.study(JOBS);
        for (String kind : ScalingCharts.ALL) {
            List<Path> files = ScalingCharts.write(kind, "Study & <friends>", m, tmp);
            assertEquals(tmp.resolve(kind + ".png"), files.get(0));
            BufferedImage png = ImageIO.read(files.get(0).toFile());
            assertNotNull(png, kind);
            assertEquals(800, png.getWidth());
            assertEquals(600, png.getHeight());

            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            Document svg = f.newDocumentBuilder().parse(files.get(1).toFile());
            assertEquals("svg", svg.getDocumentElement().getLocalName() == null
                    ? svg.getDocumentElement().getTagName() : svg.getDocumentElement().getLocalName());
            String text = svg.getDocumentElement().getTextContent();
            assertTrue(text.contains("Processors"), kind);
            assertTrue(text.contains(ScalingCharts.yLabel(kind)), kind);
            assertTrue(text.contains("Study & <friends>"), "title, escaped as XML and read back");
        }
    }

    @Test
    void failedJobIsAGapNotAZero() {
        StudyMetrics m = ScalingMetricsTest.study(JOBS);
        for (String kind : ScalingCharts.ALL) {
            JFreeChart chart = ScalingCharts.chart(kind, "s", m);
            XYSeries measured = ((XYSeriesCollection) chart.getXYPlot().getDataset()).getSeries(ScalingCharts.MEASURED);
            assertEquals(4, measured.getItems().stream().filter(i -> ((org.jfree.data.xy.XYDataItem) i).getY() != null)
                    .count(), kind);
            int at4 = measured.indexOf(4);
            assertTrue(at4 >= 0);
            assertNull(measured.getY(at4), "p = 4 failed: null (a gap), never 0");
        }
    }

    @Test
    void measuredValuesAndIdealLine() {
        StudyMetrics m = ScalingMetricsTest.study(JOBS);
        JFreeChart speedup = ScalingCharts.chart(ScalingCharts.SPEEDUP, "s", m);
        XYSeries measured = ((XYSeriesCollection) speedup.getXYPlot().getDataset()).getSeries(0);
        assertEquals(100.0 / 15, measured.getY(measured.indexOf(8)).doubleValue(), 1e-12);
        XYSeriesCollection curves = (XYSeriesCollection) speedup.getXYPlot().getDataset(2);
        XYSeries ideal = curves.getSeries("Ideal S = p");
        for (int i = 0; i < ideal.getItemCount(); i++) {
            assertEquals(ideal.getX(i).doubleValue(), ideal.getY(i).doubleValue(), 1e-9, "ideal S = p");
        }
        assertTrue(curves.getSeries("Amdahl fit").getItemCount() > 10, "the fitted curve is drawn");
        XYSeries idealTime = ((XYSeriesCollection) ScalingCharts.chart(ScalingCharts.COMPTIME, "s", m)
                .getXYPlot().getDataset(2)).getSeries("Ideal T_1/p");
        assertEquals(100.0 / 16, idealTime.getY(idealTime.indexOf(16)).doubleValue(), 1e-9);
    }

    @Test
    void logAxisOnlyForWideSpans() {
        StudyMetrics wide = ScalingMetricsTest.study(JOBS);
        assertInstanceOf(LogAxis.class, ScalingCharts.chart("speedup", "s", wide).getXYPlot().getDomainAxis());
        List<JobOutcome> narrow = List.of(ok(1, 10), ok(2, 6), ok(4, 4));
        assertInstanceOf(NumberAxis.class, ScalingCharts.chart("speedup", "s", ScalingMetricsTest.study(narrow))
                .getXYPlot().getDomainAxis());
    }

    @Test
    void headless() {
        ScalingCharts.yLabel(ScalingCharts.SPEEDUP);
        assertFalse(System.getProperty("java.awt.headless", "true").equals("false"));
    }

    @Test
    void nonsenseProcessorCountsAreNotPlotted() {
        List<JobOutcome> jobs = List.of(failed(0, "bad"), ok(1, 10), ok(2, 6));
        var plot = ScalingCharts.chart(ScalingCharts.COMPTIME, "s", ScalingMetricsTest.study(jobs)).getXYPlot();
        for (int d = 0; d < plot.getDatasetCount(); d++) {
            var data = plot.getDataset(d);
            for (int s = 0; s < data.getSeriesCount(); s++) {
                for (int i = 0; i < data.getItemCount(s); i++) {
                    assertTrue(data.getXValue(s, i) >= 1);
                }
            }
        }
    }
}
