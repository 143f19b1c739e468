package org.latentlab.sweep;

/** STUB until the lead's engine lands (issue 12 item 1). */
public enum RunState { PENDING, PARTIAL, RUNNING, DONE }
