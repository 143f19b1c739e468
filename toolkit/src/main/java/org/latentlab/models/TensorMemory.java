package org.latentlab.models;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;

/**
 * Reading and writing the memory of libtorch-owned float32 arrays in place.
 *
 * <p>Why it exists: DJL's {@code manager.create(float[])} and {@code NDArray.set(float[])} make libtorch tensors
 * whose storage is a Java direct buffer (no copy; kept alive only by the Java {@code NDArray} object that made it),
 * and {@code set} swaps a tensor's storage for a new such buffer. Any other tensor that shares that storage (a view,
 * a tensor saved by autograd, a gradient) then depends on Java's garbage collector. Parameters, optimiser state and
 * long-lived data made here are allocated by libtorch ({@code zeros}) and filled through a view of their own
 * memory, so their storage never moves and never belongs to Java.
 */
public final class TensorMemory {
    private TensorMemory() {}

    /**
     * A libtorch-owned float32 array of the given shape holding {@code values} (row-major; length = shape size).
     *
     * @throws IllegalArgumentException if the length does not match the shape
     */
    public static NDArray owned(NDManager manager, float[] values, Shape shape) {
        if (values.length != shape.size()) {
            throw new IllegalArgumentException("TensorMemory.owned: " + values.length + " values for shape " + shape
                    + " (" + shape.size() + " expected)");
        }
        NDArray a = manager.zeros(shape, DataType.FLOAT32);
        floats(a).put(0, values);
        return a;
    }

    /** The array's own memory as a float view (zero-copy; valid while the array lives). Float32, CPU, contiguous. */
    public static FloatBuffer floats(NDArray a) {
        if (a.getDataType() != DataType.FLOAT32 || !Device.cpu().equals(a.getDevice())) {
            throw new IllegalArgumentException("TensorMemory: expected a float32 CPU array, got " + a.getDataType()
                    + " on " + a.getDevice());
        }
        return JniUtils.getByteBuffer((PtNDArray) a, true).order(ByteOrder.nativeOrder()).asFloatBuffer();
    }

    /**
     * Overwrites the array's values in place (its storage stays where it is).
     *
     * @throws IllegalArgumentException if the length differs from the array's size
     */
    public static void write(NDArray a, float[] values) {
        if (values.length != a.size()) {
            throw new IllegalArgumentException("TensorMemory.write: " + values.length + " values for an array of "
                    + a.size());
        }
        floats(a).put(0, values);
    }
}
