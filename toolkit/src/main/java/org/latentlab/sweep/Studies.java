package org.latentlab.sweep;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** STUB until the lead's engine lands (issue 12 item 1). */
public final class Studies {
    private Studies() {}

    public static Study named(String name) {
        for (Study s : ServiceLoader.load(Study.class)) {
            if (s.name().equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown study '" + name + "': expected one of " + String.join(", ", names()));
    }

    public static List<String> names() {
        List<String> out = new ArrayList<>();
        ServiceLoader.load(Study.class).forEach(s -> out.add(s.name()));
        return out;
    }
}
