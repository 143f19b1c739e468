package org.latentlab.notebook;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** The reflective bridges against stand-ins with the kernels' method shapes. */
class KernelBridgeTest {
    /** Shape of rapaio's {@code Global}: static display(mime, obj) → id and updateDisplay(id, mime, obj). */
    public static final class FakeGlobal {
        static final List<Object[]> CALLS = new ArrayList<>();

        public static String display(String mime, Object o) {
            CALLS.add(new Object[]{"display", mime, o});
            return "uuid-" + CALLS.size();
        }

        public static void updateDisplay(String id, String mime, Object o) {
            CALLS.add(new Object[]{"update:" + id, mime, o});
        }
    }

    /** Shape of jupyter-jvm-basekernel's DisplayData. */
    public static final class DisplayData {
        final Map<String, Object> data = new LinkedHashMap<>();
        String id;

        public DisplayData() {}

        public void putData(String mime, Object o) {
            data.put(mime, o);
        }

        public void setDisplayId(String id) {
            this.id = id;
        }
    }

    public static final class FakeStream {
        final List<DisplayData> updates = new ArrayList<>();

        public void updateDisplay(String id, DisplayData d) {
            assertEquals(id, d.id);
            updates.add(d);
        }
    }

    public static final class FakeIO {
        public final FakeStream display = new FakeStream();
    }

    /** Shape of a BaseKernel (IJava/JJava). */
    public static final class FakeKernel {
        final List<DisplayData> shown = new ArrayList<>();
        final FakeIO io = new FakeIO();

        public void display(DisplayData d) {
            shown.add(d);
        }

        public FakeIO getIO() {
            return io;
        }
    }

    @Test
    void rapaioBridgeCallsGlobalAndSendsPngAsBase64() throws Exception {
        FakeGlobal.CALLS.clear();
        KernelBridge b = new Bridges.Rapaio(
                FakeGlobal.class.getMethod("display", String.class, Object.class),
                FakeGlobal.class.getMethod("updateDisplay", String.class, String.class, Object.class));
        String id = b.display("text/html", "<b>hi</b>");
        assertEquals("uuid-1", id);
        assertTrue(b.update(id, "text/html", "<b>there</b>"));
        b.display("image/png", new byte[]{1, 2, 3});
        assertEquals(3, FakeGlobal.CALLS.size());
        assertEquals("<b>hi</b>", FakeGlobal.CALLS.get(0)[2]);
        assertEquals("update:uuid-1", FakeGlobal.CALLS.get(1)[0]);
        assertEquals(Base64.getEncoder().encodeToString(new byte[]{1, 2, 3}), FakeGlobal.CALLS.get(2)[2]);
        assertFalse(b.update(null, "text/html", "x"));
    }

    @Test
    void baseKernelBridgeBuildsDisplayDataWithIdAndUpdatesThroughIo() throws Exception {
        FakeKernel k = new FakeKernel();
        KernelBridge b = new Bridges.BaseKernel("ijava", k);
        String id = b.display("text/html", "<i>x</i>");
        assertNotNull(id);
        assertEquals(1, k.shown.size());
        assertEquals("<i>x</i>", k.shown.get(0).data.get("text/html"));
        assertEquals(id, k.shown.get(0).id);
        assertTrue(k.shown.get(0).data.containsKey("text/plain"));
        assertTrue(b.update(id, "text/html", "<i>y</i>"));
        assertEquals("<i>y</i>", k.io.display.updates.get(0).data.get("text/html"));
        b.display("image/png", new byte[]{9});
        assertEquals(Base64.getEncoder().encodeToString(new byte[]{9}), k.shown.get(1).data.get("image/png"));
    }

    @Test
    void objectWithoutDisplayMethodIsRejected() {
        assertThrows(NoSuchMethodException.class, () -> new Bridges.BaseKernel("ijava", new Object()));
    }
}
