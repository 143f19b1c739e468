package org.latentlab.notebook;

import java.util.ArrayList;
import java.util.List;

/** Test bridge that records every output; optionally refuses in-place updates. */
final class RecordingBridge implements KernelBridge {
    record Output(String kind, String id, String mime, Object data) {}

    final List<Output> outputs = new ArrayList<>();
    private final boolean canUpdate;
    private int next;

    RecordingBridge(boolean canUpdate) {
        this.canUpdate = canUpdate;
    }

    @Override public String name() { return "recording"; }
    @Override public boolean live() { return true; }

    @Override
    public String display(String mime, Object data) {
        String id = "id-" + (next++);
        outputs.add(new Output("display", id, mime, data));
        return id;
    }

    @Override
    public boolean update(String displayId, String mime, Object data) {
        if (!canUpdate) {
            return false;
        }
        outputs.add(new Output("update", displayId, mime, data));
        return true;
    }

    List<Output> of(String kind) {
        return outputs.stream().filter(o -> o.kind().equals(kind)).toList();
    }
}
