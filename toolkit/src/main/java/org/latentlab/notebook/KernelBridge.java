package org.latentlab.notebook;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The link from library code to whichever Jupyter kernel runs it, found by reflection so the toolkit has no
 * compile-time dependency on any kernel.
 *
 * <p>Supported: rapaio-jupyter-kernel ({@code org.rapaio.jupyter.kernel.global.Global}), JJava
 * ({@code org.dflib.jjava}) and IJava ({@code io.github.spencerpark.ijava}). Without a kernel (tests, CLI)
 * {@link #detect()} returns a headless bridge that only logs.
 *
 * <p>Data passed to {@link #display}: {@code text/html}, {@code text/plain} as a String; {@code image/png} as the
 * PNG's bytes ({@code byte[]}). Each bridge converts to what its kernel expects.
 */
public interface KernelBridge {
    /** MIME type of HTML output. */
    String HTML = "text/html";
    /** MIME type of PNG output. */
    String PNG = "image/png";
    /** MIME type of plain text output. */
    String TEXT = "text/plain";

    /** Short kernel name: {@code rapaio}, {@code jjava}, {@code ijava} or {@code headless}. */
    String name();

    /** True when output reaches a notebook (false for the headless bridge). */
    boolean live();

    /**
     * Shows one output; returns its display id (usable with {@link #update}) or null where the kernel gives none.
     */
    String display(String mime, Object data);

    /** Replaces the output with this display id in place; false where the kernel cannot. */
    boolean update(String displayId, String mime, Object data);

    /** The kernel running this JVM, or a headless bridge when there is none. */
    static KernelBridge detect() {
        return Bridges.detect();
    }

    /** A bridge that only logs (what {@link #detect()} returns outside a kernel). */
    static KernelBridge headless() {
        return new Bridges.Headless();
    }
}

/** Implementations of {@link KernelBridge}; package-private. */
final class Bridges {
    private static final Logger LOG = LoggerFactory.getLogger(KernelBridge.class);

    private Bridges() {}

    static KernelBridge detect() {
        for (ClassLoader loader : loaders()) {
            KernelBridge b = tryRapaio(loader);
            if (b == null) {
                b = tryBaseKernel(loader, "jjava", "org.dflib.jjava.jupyter.kernel.BaseKernel", "notebookKernel");
            }
            if (b == null) {
                b = tryBaseKernel(loader, "jjava", "org.dflib.jjava.JJava", "getKernelInstance");
            }
            if (b == null) {
                b = tryBaseKernel(loader, "ijava", "io.github.spencerpark.ijava.IJava", "getKernelInstance");
            }
            if (b != null) {
                LOG.debug("notebook output goes to the {} kernel", b.name());
                return b;
            }
        }
        return new Headless();
    }

    private static List<ClassLoader> loaders() {
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        ClassLoader own = Bridges.class.getClassLoader();
        ClassLoader sys = ClassLoader.getSystemClassLoader();
        return java.util.stream.Stream.of(own, ctx, sys).filter(Objects::nonNull).distinct().toList();
    }

    private static Class<?> find(ClassLoader loader, String name) {
        try {
            return Class.forName(name, true, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static KernelBridge tryRapaio(ClassLoader loader) {
        Class<?> global = find(loader, "org.rapaio.jupyter.kernel.global.Global");
        if (global == null) {
            return null;
        }
        try {
            return new Rapaio(global.getMethod("display", String.class, Object.class),
                    global.getMethod("updateDisplay", String.class, String.class, Object.class));
        } catch (NoSuchMethodException e) {
            LOG.warn("rapaio kernel found but its display API differs ({}); output goes to the log", e.toString());
            return null;
        }
    }

    private static KernelBridge tryBaseKernel(ClassLoader loader, String name, String holder, String getter) {
        Class<?> c = find(loader, holder);
        if (c == null) {
            return null;
        }
        try {
            Method m = c.getMethod(getter);
            Object kernel = m.invoke(null);
            return kernel == null ? null : new BaseKernel(name, kernel);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.debug("{} not usable via {}.{}: {}", name, holder, getter, e.toString());
            return null;
        }
    }

    static String base64(Object data) {
        if (data instanceof byte[] bytes) {
            return Base64.getEncoder().encodeToString(bytes);
        }
        return String.valueOf(data);
    }

    /** rapaio-jupyter-kernel: {@code Global.display(mime, obj)} and {@code Global.updateDisplay(id, mime, obj)}. */
    static final class Rapaio implements KernelBridge {
        private final Method display;
        private final Method update;

        Rapaio(Method display, Method update) {
            this.display = display;
            this.update = update;
        }

        @Override public String name() { return "rapaio"; }
        @Override public boolean live() { return true; }

        private static Object convert(String mime, Object data) {
            // rapaio renders a String under any MIME type verbatim; Jupyter wants image/png as base64.
            return KernelBridge.PNG.equals(mime) ? base64(data) : data;
        }

        @Override
        public String display(String mime, Object data) {
            try {
                return (String) display.invoke(null, mime, convert(mime, data));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("rapaio kernel display(" + mime + ") failed", e);
            }
        }

        @Override
        public boolean update(String displayId, String mime, Object data) {
            if (displayId == null) {
                return false;
            }
            try {
                update.invoke(null, displayId, mime, convert(mime, data));
                return true;
            } catch (ReflectiveOperationException e) {
                LOG.debug("rapaio updateDisplay failed: {}", e.toString());
                return false;
            }
        }
    }

    /**
     * Kernels built on jupyter-jvm-basekernel (IJava) or its JJava fork: {@code kernel.display(DisplayData)} and
     * {@code kernel.getIO().display.updateDisplay(id, DisplayData)}.
     */
    static final class BaseKernel implements KernelBridge {
        private final String name;
        private final Object kernel;
        private final Class<?> displayDataClass;
        private final Method displayMethod;

        BaseKernel(String name, Object kernel) throws NoSuchMethodException {
            this.name = name;
            this.kernel = kernel;
            Method found = null;
            for (Method m : kernel.getClass().getMethods()) {
                if (m.getName().equals("display") && m.getParameterCount() == 1
                        && m.getParameterTypes()[0].getSimpleName().equals("DisplayData")) {
                    found = m;
                }
            }
            if (found == null) {
                throw new NoSuchMethodException(kernel.getClass().getName() + ".display(DisplayData)");
            }
            this.displayMethod = found;
            this.displayDataClass = found.getParameterTypes()[0];
        }

        @Override public String name() { return name; }
        @Override public boolean live() { return true; }

        private Object data(String mime, Object data, String id) throws ReflectiveOperationException {
            Object dd = displayDataClass.getConstructor().newInstance();
            Object payload = KernelBridge.PNG.equals(mime) ? base64(data) : String.valueOf(data);
            displayDataClass.getMethod("putData", String.class, Object.class).invoke(dd, mime, payload);
            if (!KernelBridge.TEXT.equals(mime)) {
                displayDataClass.getMethod("putData", String.class, Object.class)
                        .invoke(dd, KernelBridge.TEXT, "<" + mime + " output>");
            }
            displayDataClass.getMethod("setDisplayId", String.class).invoke(dd, id);
            return dd;
        }

        @Override
        public String display(String mime, Object data) {
            String id = UUID.randomUUID().toString();
            try {
                displayMethod.invoke(kernel, data(mime, data, id));
                return id;
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(name + " kernel display(" + mime + ") failed", e);
            }
        }

        @Override
        public boolean update(String displayId, String mime, Object data) {
            if (displayId == null) {
                return false;
            }
            try {
                Object io = kernel.getClass().getMethod("getIO").invoke(kernel);
                Field f = io.getClass().getField("display");
                Object stream = f.get(io);
                Method upd = stream.getClass().getMethod("updateDisplay", String.class, displayDataClass);
                upd.invoke(stream, displayId, data(mime, data, displayId));
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                LOG.debug("{} updateDisplay failed: {}", name, e.toString());
                return false;
            }
        }
    }

    /** No kernel: outputs are logged (size only for HTML and PNG). */
    static final class Headless implements KernelBridge {
        @Override public String name() { return "headless"; }
        @Override public boolean live() { return false; }

        @Override
        public String display(String mime, Object data) {
            if (KernelBridge.TEXT.equals(mime)) {
                LOG.info("{}", data);
            } else {
                int size = data instanceof byte[] b ? b.length : String.valueOf(data).length();
                LOG.debug("no notebook kernel: {} output of {} bytes not shown", mime, size);
            }
            return null;
        }

        @Override
        public boolean update(String displayId, String mime, Object data) {
            return false;
        }
    }
}
