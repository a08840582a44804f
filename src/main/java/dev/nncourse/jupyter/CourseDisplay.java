package dev.nncourse.jupyter;

import dev.nncourse.check.GradientReport;
import dev.nncourse.eval.ConfusionMatrix;
import dev.nncourse.train.History;
import dev.nncourse.viz.Plots;
import java.awt.image.BufferedImage;
import java.util.function.Function;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.RenderContext;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.common.Image;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.knowm.xchart.XYChart;
import tech.tablesaw.api.Table;

/**
 * A JJava extension, found through {@code META-INF/services} when the course jar is loaded: a bare chart renders
 * as a PNG, an image (the course's pictures: decision regions, digits, heat maps) as a PNG with the text
 * {@code image W×H} (not JJava's default, a hash that changes from run to run), a {@link LiveChart.Frame} as a PNG
 * with its text ({@code live chart "TITLE": N epochs (final)}), and a table, a {@link History}, a
 * {@link GradientReport} or a {@link ConfusionMatrix} renders as an HTML table (with text beside it), its numbers
 * rounded by {@link Tables}. A {@link Source}, the library's own code, renders as a Java code block.
 */
public final class CourseDisplay implements Extension {
    @Override
    public void install(BaseKernel kernel) { register(kernel.getRenderer()); }

    /** Registers the course's renderers with a JJava renderer. */
    public static void register(Renderer renderer) {
        renderer.createRegistration(XYChart.class).preferring(Image.PNG).supporting(Image.PNG, MIMEType.TEXT_PLAIN)
                .register((chart, ctx) -> {
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "chart: " + chart.getTitle());
                    Image.renderImage(Plots.png(chart), ctx);
                });
        renderer.createRegistration(BufferedImage.class).preferring(Image.PNG).supporting(Image.PNG, MIMEType.TEXT_PLAIN)
                .register((image, ctx) -> {   // JJava's own text is the object's hash, which differs from run to run
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "image " + image.getWidth() + "×" + image.getHeight());
                    Image.renderImage(image, ctx);
                });
        renderer.createRegistration(LiveChart.Frame.class).preferring(Image.PNG).supporting(Image.PNG, MIMEType.TEXT_PLAIN)
                .register((frame, ctx) -> {   // the text names the epochs drawn: tools/run_notebooks.py checks it
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, frame::toString);
                    Image.renderImage(frame.picture(), ctx);
                });
        renderer.createRegistration(Source.class).preferring(MIMEType.TEXT_MARKDOWN)
                .supporting(MIMEType.TEXT_MARKDOWN, MIMEType.TEXT_PLAIN)
                .register((source, ctx) -> {   // the library's code beside the learner's, highlighted as Java
                    ctx.renderIfRequested(MIMEType.TEXT_PLAIN, source::toString);
                    ctx.renderIfRequested(MIMEType.TEXT_MARKDOWN, source::markdown);
                });
        table(renderer, Table.class, t -> t, Tables::text);
        table(renderer, History.class, History::toTable, History::toString);
        table(renderer, GradientReport.class, GradientReport::toTable, GradientReport::toString);
        table(renderer, ConfusionMatrix.class, ConfusionMatrix::table, ConfusionMatrix::toString);
    }

    private static <T> void table(Renderer renderer, Class<T> type, Function<T, Table> toTable,
            Function<T, String> toText) {
        renderer.createRegistration(type).preferring(MIMEType.TEXT_HTML).supporting(MIMEType.TEXT_HTML, MIMEType.TEXT_PLAIN)
                .register((value, ctx) -> renderTable(toText.apply(value), toTable.apply(value), ctx));
    }

    private static void renderTable(String text, Table table, RenderContext ctx) {
        ctx.renderIfRequested(MIMEType.TEXT_PLAIN, () -> text);
        ctx.renderIfRequested(MIMEType.TEXT_HTML, () -> Tables.html(table));
    }
}
