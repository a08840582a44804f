package dev.nncourse.jupyter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nncourse.check.GradientReport;
import dev.nncourse.eval.ConfusionMatrix;
import dev.nncourse.train.History;
import dev.nncourse.viz.Plots;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import javax.imageio.ImageIO;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.Table;

/** The display extension registered with a real JJava {@link Renderer}, as the kernel does. */
class CourseDisplayTest {
    private Renderer renderer;

    @BeforeEach
    void register() {
        renderer = new Renderer();
        CourseDisplay.register(renderer);
    }

    private static History history() {
        History h = new History();
        h.record(1, Map.of(History.LOSS, 0.75));
        h.record(2, Map.of(History.LOSS, 0.25));
        return h;
    }

    @Test
    void aChartRendersAsAPngOfTheChartsSize() throws IOException {
        XYChart chart = Plots.loss(history());
        DisplayData out = renderer.render(chart);
        Object png = out.getData(MIMEType.IMAGE_PNG);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode((String) png)));
        assertEquals(chart.getWidth(), image.getWidth());
        assertEquals(chart.getHeight(), image.getHeight());
        assertEquals("chart: Training loss", out.getData(MIMEType.TEXT_PLAIN));
    }

    /** A picture is a PNG with a text that stays the same from run to run (JJava's own is the object's hash). */
    @Test
    void anImageRendersAsAPngWithItsSizeAsText() throws IOException {
        Renderer kernelLike = new Renderer();
        org.dflib.jjava.jupyter.kernel.display.common.Image.registerAll(kernelLike);   // the kernel's own image renderer
        CourseDisplay.register(kernelLike);
        BufferedImage img = dev.nncourse.viz.ImageGrid.digits(dev.nncourse.linalg.Matrix.zeros(3, 64));
        for (Renderer r : List.of(renderer, kernelLike)) {
            DisplayData out = r.render(img);
            assertEquals("image " + img.getWidth() + "×" + img.getHeight(), out.getData(MIMEType.TEXT_PLAIN));
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(
                    (String) out.getData(MIMEType.IMAGE_PNG))));
            assertEquals(img.getWidth(), back.getWidth());
        }
    }

    /** A live chart's frame is its picture, with a text that names the epochs drawn (what the notebook checks read). */
    @Test
    void aLiveChartFrameRendersAsItsPictureWithItsText() throws IOException {
        BufferedImage img = Plots.history("Digits", history());
        DisplayData out = renderer.render(new LiveChart.Frame("Digits", 2, true, img));
        assertEquals("live chart \"Digits\": 2 epochs (final)", out.getData(MIMEType.TEXT_PLAIN));
        BufferedImage back = ImageIO.read(new ByteArrayInputStream(Base64.getMimeDecoder().decode(
                (String) out.getData(MIMEType.IMAGE_PNG))));
        assertEquals(img.getWidth(), back.getWidth());
        assertEquals(img.getHeight(), back.getHeight());
    }

    @Test
    void aTableRendersAsHtml() {
        Table t = Table.create("squares").addColumns(DoubleColumn.create("x", 1.5, 2.5), DoubleColumn.create("x²", 2.25, 6.25));
        DisplayData out = renderer.render(t);
        String html = (String) out.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<table"), html);
        assertTrue(html.contains("x²") && html.contains("6.25"), html);
        assertEquals(Tables.text(t), out.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void aHistoryAndAGradientReportRenderAsTheirTables() {
        String history = (String) renderer.render(history()).getData(MIMEType.TEXT_HTML);
        assertTrue(history.contains("epoch") && history.contains("0.75") && history.contains("0.25"), history);
        GradientReport report = new GradientReport(List.of(new GradientReport.Row("layer1.W", "2×3", 1e-9, 3e-8)));
        DisplayData out = renderer.render(report);
        assertTrue(((String) out.getData(MIMEType.TEXT_HTML)).contains("layer1.W"));
        assertEquals(report.toString(), out.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void aConfusionMatrixRendersAsItsTable() {
        ConfusionMatrix cm = ConfusionMatrix.of(new int[] {0, 1, 1}, new int[] {0, 1, 0}, 2);
        DisplayData out = renderer.render(cm);
        String html = (String) out.getData(MIMEType.TEXT_HTML);
        assertTrue(html.contains("<table") && html.contains("true \\ predicted"), html);
        assertEquals(cm.toString(), out.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void theKernelFindsTheExtensionThroughTheServiceFile() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == CourseDisplay.class));
    }

    @Test
    void withoutTheExtensionAChartIsOnlyText() {
        assertFalse(new Renderer().render(Plots.loss(history())).hasDataForType(MIMEType.IMAGE_PNG));
    }
}
