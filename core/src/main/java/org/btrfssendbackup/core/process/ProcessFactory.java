package org.btrfssendbackup.core.process;

import java.io.IOException;

/**
 * Starts an operating-system process from a fully configured {@link ProcessBuilder}. The seam
 * tests use to observe or redirect what the runner starts (e.g. record argv, or point a
 * program name at a test script); production uses {@link #SYSTEM}.
 */
@FunctionalInterface
public interface ProcessFactory {

    ProcessFactory SYSTEM = ProcessBuilder::start;

    Process start(ProcessBuilder builder) throws IOException;
}
