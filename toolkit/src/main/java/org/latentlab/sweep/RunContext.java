package org.latentlab.sweep;

import java.nio.file.Path;

/** STUB until the lead's engine lands (issue 12 item 1). */
public record RunContext(Path runDir, SweepListener listener) {}
