import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Which BLAS kernel LatentLab's libtorch runs (bench/machine-info; not run by hand): one float and one double
 * 512x512 matrix product through DJL, so that MKL_VERBOSE=1 (set by the caller) prints MKL's version and the
 * instruction set it dispatched to; then the engine's name and version.
 */
public class BlasInfo {
    public static void main(String[] args) {
        Engine engine = Engine.getInstance();
        try (NDManager m = NDManager.newBaseManager()) {
            for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
                NDArray a = m.randomNormal(new Shape(512, 512)).toType(t, false);
                a.matMul(a).sum().toType(DataType.FLOAT64, false).toDoubleArray();
            }
        }
        System.out.println("ENGINE " + engine.getEngineName() + " " + engine.getVersion());
    }
}
