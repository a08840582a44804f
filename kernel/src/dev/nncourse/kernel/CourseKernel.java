package dev.nncourse.kernel;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import jdk.jshell.JShell;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.channels.ShellReplyEnvironment;
import org.dflib.jjava.jupyter.kernel.HelpLink;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.history.HistoryManager;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry;
import org.dflib.jjava.jupyter.kernel.magic.MagicsResolver;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;
import org.dflib.jjava.jupyter.messages.Message;
import org.dflib.jjava.jupyter.messages.request.ExecuteRequest;
import org.dflib.jjava.kernel.JavaKernel;
import org.dflib.jjava.kernel.JavaKernelBuilder;
import org.dflib.jjava.kernel.magics.ClasspathMagic;
import org.dflib.jjava.kernel.magics.LoadMagic;
import org.dflib.jjava.kernel.magics.TimeMagic;
import org.dflib.jjava.maven.MavenDependencyResolver;
import org.dflib.jjava.maven.magics.LoadFromPomCellMagic;
import org.dflib.jjava.maven.magics.LoadFromPomLineMagic;
import org.dflib.jjava.maven.magics.MavenMagic;
import org.dflib.jjava.maven.magics.MavenRepoMagic;

/**
 * The course's Jupyter kernel: JJava's {@link JavaKernel} (the pip package's jjava.jar) with what a learner misses in
 * it, each in a class of its own:
 * <ul>
 *   <li>Run All stops at the first error or interrupt: a failed request with {@code stop_on_error} answers the
 *       requests already queued behind it "aborted" ({@link QueuedRequests}), as ipykernel does; and the requests
 *       queued behind a cell are handled at once, without the 50 ms pause JJava's shell loop takes after each;
 *   <li>a runtime error names the cell and the line the learner wrote, with JShell's and the kernel's frames folded
 *       away ({@link Traceback}, from the lines {@link CellEvaluator} records);
 *   <li>Shift+Tab shows the signature and the Javadoc's first paragraph, from the sources jar beside a jar on the
 *       class path ({@link Javadoc});
 *   <li>the JVM exits once the kernel has answered a shutdown request, so a restart does not wait for
 *       jupyter_client to kill it.
 * </ul>
 * {@link #main} starts it as JJava's own main class starts {@link JavaKernel}, with the same magics; it reads
 * JJAVA_CLASSPATH, and JJAVA_TIMEOUT as a number of milliseconds.
 */
public final class CourseKernel extends JavaKernel {
    private final CellEvaluator cells;
    private final Javadoc javadoc;
    private QueuedRequests queue;
    private boolean failed;   // set when the request being handled failed (formatError is called for every failure)

    private CourseKernel(String name, String version, LanguageInfo languageInfo, List<HelpLink> helpLinks,
                         HistoryManager historyManager, JupyterIO io, CommManager commManager, Renderer renderer,
                         MagicsResolver magicsResolver, MagicsRegistry magicsRegistry, boolean extensionsEnabled,
                         StringStyler errorStyler, JShell jShell, CellEvaluator evaluator) {
        super(name, version, languageInfo, helpLinks, historyManager, io, commManager, renderer, magicsResolver,
                magicsRegistry, extensionsEnabled, errorStyler, jShell, evaluator);
        this.cells = evaluator;
        this.javadoc = new Javadoc(jShell);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CourseKernel CONNECTION_FILE, got " + List.of(args));
        }
        System.setProperty("java.util.logging.SimpleFormatter.format", "[%4$.1s %1$tF %1$tT.%1$tL %3$s] %5$s%n");
        KernelConnectionProperties properties = KernelConnectionProperties.parse(Files.readString(Path.of(args[0])));
        CourseKernel kernel = start();
        JupyterConnection connection = new JupyterConnection(properties);
        kernel.becomeHandlerForConnection(connection);
        kernel.queue = new QueuedRequests(connection, () -> kernel.failed);
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);   // JShell's threads would keep the JVM alive after the shutdown request
    }

    /** The kernel, started, with JJAVA_CLASSPATH on its class path. */
    static CourseKernel start() {
        CourseKernel kernel = courseBuilder().build();
        kernel.onStartup();
        kernel.addToClasspath(System.getenv("JJAVA_CLASSPATH"));
        return kernel;
    }

    /**
     * The builder, with JJava's magics but its two deprecated ones (%jars, %addMavenDependency); the Maven resolver is
     * made when a Maven magic first needs it.
     */
    private static Builder courseBuilder() {
        Supplier<MavenDependencyResolver> maven = new Supplier<>() {
            private MavenDependencyResolver resolver;

            @Override
            public synchronized MavenDependencyResolver get() {
                if (resolver == null) resolver = new MavenDependencyResolver();
                return resolver;
            }
        };
        TimeMagic time = new TimeMagic();
        String timeout = System.getenv("JJAVA_TIMEOUT");
        Builder b = new Builder()
                .name("JJava")
                .version(jjavaVersion())
                .timeout(timeout == null ? -1 : Long.parseLong(timeout.trim()), TimeUnit.MILLISECONDS)
                .lineMagic("load", new LoadMagic())
                .lineMagic("classpath", new ClasspathMagic())
                .lineMagic("time", time)
                .cellMagic("time", time);
        b.lineMagic("maven", (JavaKernel k, List<String> a) -> new MavenMagic(maven.get()).eval(k, a));
        b.lineMagic("mavenRepo", (JavaKernel k, List<String> a) -> new MavenRepoMagic(maven.get()).eval(k, a));
        b.lineMagic("loadFromPOM", (JavaKernel k, List<String> a) -> new LoadFromPomLineMagic(maven.get()).eval(k, a));
        b.cellMagic("loadFromPOM",
                (JavaKernel k, List<String> a, String body) -> new LoadFromPomCellMagic(maven.get()).eval(k, a, body));
        return b;
    }

    /** The version of the JJava this kernel extends, from its jar's Maven properties ("" if they are missing). */
    private static String jjavaVersion() {
        Properties p = new Properties();
        try (InputStream in = JavaKernel.class.getResourceAsStream(
                "/META-INF/maven/org.dflib.jjava/jjava-distro/pom.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            return "";
        }
        return p.getProperty("version", "");
    }

    @Override
    protected void handleExecuteRequest(ShellReplyEnvironment env, Message<ExecuteRequest> request) {
        failed = false;
        super.handleExecuteRequest(env, request);
        if (queue != null) queue.after(env, request);
    }

    /** Runs code as the cell of an execute request would, without one (for {@link Warmup}). */
    Object runCell(String code) {
        executionCount.getAndIncrement();
        return evalBuilder(code).resolveMagics().renderResults().eval();
    }

    @Override
    protected Object doEval(String source) {
        int count = executionCount.get() - 1;   // the request being handled took its number
        return cells.eval(getJShell(), source, count > 0 ? "cell [" + count + "]" : null);
    }

    @Override
    protected List<String> formatError(Throwable e) {
        failed = true;
        try {
            List<String> lines = Traceback.format(e, cells, errorStyler);
            if (lines != null) return lines;
            List<String> located = new ArrayList<>(Traceback.compileErrorLocation(e, cells, errorStyler, getJShell()));
            located.addAll(super.formatError(e));
            return located;
        } catch (RuntimeException bug) {   // never lose the learner's error to a bug in formatting it
            return super.formatError(e);
        }
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        return javadoc.inspect(code, at, extraDetail);
    }

    /** Adds the class path's jars but its sources jars, whose Javadoc Shift+Tab then shows. */
    @Override
    public void addToClasspath(String classpath) {
        if (classpath == null || classpath.isBlank()) return;
        List<String> classes = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!javadoc.addSources(entry)) classes.add(entry);
        }
        super.addToClasspath(String.join(File.pathSeparator, classes));
        classes.forEach(javadoc::addSourcesBeside);
    }

    private static final class Builder extends JavaKernelBuilder<Builder, CourseKernel> {
        @Override
        public CourseKernel build() {
            String name = buildName();
            CellEvaluator evaluator = buildCodeEvaluator(name);
            List<HelpLink> help = List.of(new HelpLink("Java tutorials", "https://docs.oracle.com/javase/tutorial/"),
                    new HelpLink("JJava homepage", "https://github.com/dflib/jjava"));   // JJava's Help menu
            return new CourseKernel(name, buildVersion(), buildLanguageInfo(), help, buildHistoryManager(),
                    buildJupyterIO(buildJupyterIOEncoding()), buildCommManager(), buildRenderer(),
                    buildMagicsResolver(buildMagicTranspiler()), buildMagicsRegistry(), buildExtensionsEnabled(),
                    buildErrorStyler(), buildJShell(evaluator), evaluator);
        }

        @Override
        protected CellEvaluator buildCodeEvaluator(String name) {
            return new CellEvaluator(name, timeoutDuration, timeoutUnit);   // main always sets the time-out
        }
    }
}
