// The CPU reference runs in float32 (to mirror the GPU) or float64 (for finite-difference checks).
export type Arr = Float32Array | Float64Array;
export type ArrCtor = Float32ArrayConstructor | Float64ArrayConstructor;
