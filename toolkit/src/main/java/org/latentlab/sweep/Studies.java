package org.latentlab.sweep;

import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The studies on the class path ({@link ServiceLoader} of {@link Study}), by name. */
public final class Studies {
    private Studies() {}

    /** Names of every study found, sorted. */
    public static List<String> names() {
        return List.copyOf(all().keySet());
    }

    /**
     * The study called {@code name}.
     *
     * @throws IllegalArgumentException "unknown study 'x': expected one of renyi, …"
     */
    public static Study named(String name) {
        Study s = all().get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown study '" + name + "': expected one of "
                    + String.join(", ", names()));
        }
        return s;
    }

    private static TreeMap<String, Study> all() {
        TreeMap<String, Study> m = new TreeMap<>();
        for (Study s : ServiceLoader.load(Study.class, Studies.class.getClassLoader())) {
            m.putIfAbsent(s.name(), s);
        }
        ClassLoader tcl = Thread.currentThread().getContextClassLoader();
        if (tcl != null && tcl != Studies.class.getClassLoader()) {
            for (Study s : ServiceLoader.load(Study.class, tcl)) {
                m.putIfAbsent(s.name(), s);
            }
        }
        return m;
    }
}
