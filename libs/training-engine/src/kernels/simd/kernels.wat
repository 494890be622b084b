;; Data-movement loops of Meridian's wasm training kernels, in WebAssembly SIMD. They run on the
;; memory of tfjs-backend-wasm itself (imported), so tensors are read and written in place.
;; All pointers are byte offsets into that memory; all tensors are float32, NHWC.
;; Source of simd-module.ts: after editing, run `node scripts/build-simd.mjs` (needs wabt's wat2wasm).
(module
  (import "env" "memory" (memory 0))

  ;; dst[c] = sum over r of src[r * cols + c]   (dst: cols floats, overwritten)
  (func (export "sum_rows") (param $src i32) (param $dst i32) (param $rows i32) (param $cols i32)
    (local $r i32) (local $c i32) (local $p i32) (local $q i32) (local $vecEnd i32)
    (memory.fill (local.get $dst) (i32.const 0) (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $vecEnd (i32.and (local.get $cols) (i32.const -4)))
    (local.set $p (local.get $src))
    (block $rowsDone
      (loop $rowLoop
        (br_if $rowsDone (i32.ge_u (local.get $r) (local.get $rows)))
        (local.set $c (i32.const 0))
        (local.set $q (local.get $dst))
        (block $vecDone
          (loop $vec
            (br_if $vecDone (i32.ge_u (local.get $c) (local.get $vecEnd)))
            (v128.store (local.get $q) (f32x4.add (v128.load (local.get $q)) (v128.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 16)))
            (local.set $q (i32.add (local.get $q) (i32.const 16)))
            (local.set $c (i32.add (local.get $c) (i32.const 4)))
            (br $vec)))
        (block $tailDone
          (loop $tail
            (br_if $tailDone (i32.ge_u (local.get $c) (local.get $cols)))
            (f32.store (local.get $q) (f32.add (f32.load (local.get $q)) (f32.load (local.get $p))))
            (local.set $p (i32.add (local.get $p) (i32.const 4)))
            (local.set $q (i32.add (local.get $q) (i32.const 4)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (br $tail)))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br $rowLoop))))

  ;; dst[i] += src[i] for i < n
  (func $add_run (param $dst i32) (param $src i32) (param $n i32)
    (local $end i32) (local $vecEnd i32)
    (local.set $end (i32.add (local.get $dst) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $vecEnd (i32.add (local.get $dst) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (block $vecDone
      (loop $vec
        (br_if $vecDone (i32.ge_u (local.get $dst) (local.get $vecEnd)))
        (v128.store (local.get $dst) (f32x4.add (v128.load (local.get $dst)) (v128.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $src (i32.add (local.get $src) (i32.const 16)))
        (br $vec)))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $dst) (local.get $end)))
        (f32.store (local.get $dst) (f32.add (f32.load (local.get $dst)) (f32.load (local.get $src))))
        (local.set $dst (i32.add (local.get $dst) (i32.const 4)))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $tail))))

  ;; col2im with dilation 1: dx (zeroed here) += every row of cols [N*OH*OW, KH*KW*CI] put back
  ;; at the input position its patch came from. Window rows fully inside the image are one
  ;; contiguous run of KW*CI floats in both arrays.
  (func (export "col2im") (param $cols i32) (param $dx i32)
        (param $N i32) (param $H i32) (param $W i32) (param $CI i32) (param $OH i32) (param $OW i32)
        (param $KH i32) (param $KW i32) (param $SH i32) (param $SW i32) (param $top i32) (param $left i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $kh i32) (local $kw i32)
    (local $ih i32) (local $iw i32) (local $iw0 i32) (local $o i32) (local $xn i32) (local $xr i32)
    (local $runBytes i32) (local $ciBytes i32)
    (memory.fill (local.get $dx) (i32.const 0)
      (i32.shl (i32.mul (i32.mul (local.get $N) (local.get $H)) (i32.mul (local.get $W) (local.get $CI))) (i32.const 2)))
    (local.set $ciBytes (i32.shl (local.get $CI) (i32.const 2)))
    (local.set $runBytes (i32.mul (local.get $KW) (local.get $ciBytes)))
    (local.set $o (local.get $cols))
    (local.set $n (i32.const 0))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $xn (i32.add (local.get $dx)
        (i32.mul (local.get $n) (i32.mul (i32.mul (local.get $H) (local.get $W)) (local.get $ciBytes)))))
      (local.set $oh (i32.const 0))
      (block $ohDone (loop $ohLoop
        (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $OH)))
        (local.set $ow (i32.const 0))
        (block $owDone (loop $owLoop
          (br_if $owDone (i32.ge_u (local.get $ow) (local.get $OW)))
          (local.set $iw0 (i32.sub (i32.mul (local.get $ow) (local.get $SW)) (local.get $left)))
          (local.set $kh (i32.const 0))
          (block $khDone (loop $khLoop
            (br_if $khDone (i32.ge_u (local.get $kh) (local.get $KH)))
            (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $SH)) (local.get $top)) (local.get $kh)))
            (if (i32.or (i32.lt_s (local.get $ih) (i32.const 0)) (i32.ge_s (local.get $ih) (local.get $H)))
              (then (local.set $o (i32.add (local.get $o) (local.get $runBytes))))
              (else
                (local.set $xr (i32.add (local.get $xn) (i32.mul (i32.mul (local.get $ih) (local.get $W)) (local.get $ciBytes))))
                (if (i32.and (i32.ge_s (local.get $iw0) (i32.const 0))
                             (i32.le_s (i32.add (local.get $iw0) (local.get $KW)) (local.get $W)))
                  (then
                    (call $add_run (i32.add (local.get $xr) (i32.mul (local.get $iw0) (local.get $ciBytes)))
                                   (local.get $o) (i32.mul (local.get $KW) (local.get $CI)))
                    (local.set $o (i32.add (local.get $o) (local.get $runBytes))))
                  (else
                    (local.set $kw (i32.const 0))
                    (block $kwDone (loop $kwLoop
                      (br_if $kwDone (i32.ge_u (local.get $kw) (local.get $KW)))
                      (local.set $iw (i32.add (local.get $iw0) (local.get $kw)))
                      (if (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W)))
                        (then (call $add_run (i32.add (local.get $xr) (i32.mul (local.get $iw) (local.get $ciBytes)))
                                             (local.get $o) (local.get $CI))))
                      (local.set $o (i32.add (local.get $o) (local.get $ciBytes)))
                      (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
                      (br $kwLoop)))))))
            (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
            (br $khLoop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $owLoop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $ohLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))

  ;; im2col, transposed, dilation 1: colsT [KH*KW*CI, M] with M = N*OH*OW; row (kh, kw, c) holds
  ;; that filter tap over every output position (0 where the window hangs over the padding).
  ;; Channels innermost: reads are contiguous runs of CI floats, writes advance CI rows together.
  (func (export "im2col_t") (param $x i32) (param $colsT i32)
        (param $N i32) (param $H i32) (param $W i32) (param $CI i32) (param $OH i32) (param $OW i32)
        (param $KH i32) (param $KW i32) (param $SH i32) (param $SW i32) (param $top i32) (param $left i32)
    (local $M i32) (local $rowBytes i32) (local $kh i32) (local $kw i32) (local $n i32) (local $oh i32) (local $ow i32)
    (local $ih i32) (local $iw i32) (local $m i32) (local $dst i32) (local $src i32) (local $c i32)
    (local $ciBytes i32) (local $tapBase i32) (local $rowValid i32) (local $xn i32)
    (local.set $M (i32.mul (local.get $N) (i32.mul (local.get $OH) (local.get $OW))))
    (local.set $rowBytes (i32.shl (local.get $M) (i32.const 2)))
    (local.set $ciBytes (i32.shl (local.get $CI) (i32.const 2)))
    (local.set $kh (i32.const 0))
    (block $khDone (loop $khLoop
      (br_if $khDone (i32.ge_u (local.get $kh) (local.get $KH)))
      (local.set $kw (i32.const 0))
      (block $kwDone (loop $kwLoop
        (br_if $kwDone (i32.ge_u (local.get $kw) (local.get $KW)))
        (local.set $tapBase (i32.add (local.get $colsT)
          (i32.mul (i32.mul (i32.add (i32.mul (local.get $kh) (local.get $KW)) (local.get $kw)) (local.get $CI)) (local.get $rowBytes))))
        (local.set $m (i32.const 0))
        (local.set $n (i32.const 0))
        (block $nDone (loop $nLoop
          (br_if $nDone (i32.ge_u (local.get $n) (local.get $N)))
          (local.set $xn (i32.add (local.get $x) (i32.mul (local.get $n) (i32.mul (i32.mul (local.get $H) (local.get $W)) (local.get $ciBytes)))))
          (local.set $oh (i32.const 0))
          (block $ohDone (loop $ohLoop
            (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $OH)))
            (local.set $ih (i32.add (i32.sub (i32.mul (local.get $oh) (local.get $SH)) (local.get $top)) (local.get $kh)))
            (local.set $rowValid (i32.and (i32.ge_s (local.get $ih) (i32.const 0)) (i32.lt_s (local.get $ih) (local.get $H))))
            (local.set $ow (i32.const 0))
            (block $owDone (loop $owLoop
              (br_if $owDone (i32.ge_u (local.get $ow) (local.get $OW)))
              (local.set $iw (i32.add (i32.sub (i32.mul (local.get $ow) (local.get $SW)) (local.get $left)) (local.get $kw)))
              (local.set $dst (i32.add (local.get $tapBase) (i32.shl (local.get $m) (i32.const 2))))
              (local.set $c (i32.const 0))
              (if (i32.and (local.get $rowValid)
                           (i32.and (i32.ge_s (local.get $iw) (i32.const 0)) (i32.lt_s (local.get $iw) (local.get $W))))
                (then
                  (local.set $src (i32.add (local.get $xn)
                    (i32.mul (i32.add (i32.mul (local.get $ih) (local.get $W)) (local.get $iw)) (local.get $ciBytes))))
                  (block $cDone (loop $cLoop
                    (br_if $cDone (i32.ge_u (local.get $c) (local.get $CI)))
                    (f32.store (local.get $dst) (f32.load (local.get $src)))
                    (local.set $src (i32.add (local.get $src) (i32.const 4)))
                    (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $cLoop))))
                (else
                  (block $zDone (loop $zLoop
                    (br_if $zDone (i32.ge_u (local.get $c) (local.get $CI)))
                    (f32.store (local.get $dst) (f32.const 0))
                    (local.set $dst (i32.add (local.get $dst) (local.get $rowBytes)))
                    (local.set $c (i32.add (local.get $c) (i32.const 1)))
                    (br $zLoop)))))
              (local.set $m (i32.add (local.get $m) (i32.const 1)))
              (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
              (br $owLoop)))
            (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
            (br $ohLoop)))
          (local.set $n (i32.add (local.get $n) (i32.const 1)))
          (br $nLoop)))
        (local.set $kw (i32.add (local.get $kw) (i32.const 1)))
        (br $kwLoop)))
      (local.set $kh (i32.add (local.get $kh) (i32.const 1)))
      (br $khLoop))))

  ;; MaxPoolGrad for 2x2 windows, stride 2, no padding, C % 4 == 0. Each of a window's four taps
  ;; gets dy (the first maximum in row-major order, as on the cpu backend) or 0. Rows/columns no
  ;; window covers (odd sides) must be zeroed by the caller.
  (func (export "maxpool2x2_grad") (param $dy i32) (param $x i32) (param $dx i32)
        (param $N i32) (param $H i32) (param $W i32) (param $C i32) (param $OH i32) (param $OW i32)
    (local $n i32) (local $oh i32) (local $ow i32) (local $k i32)
    (local $rowBytes i32) (local $cBytes i32) (local $r0 i32) (local $a i32) (local $o i32)
    (local $va v128) (local $vb v128) (local $vc v128) (local $vd v128) (local $g v128)
    (local $best v128) (local $mb v128) (local $mc v128) (local $md v128) (local $off i32)
    (local.set $cBytes (i32.shl (local.get $C) (i32.const 2)))
    (local.set $rowBytes (i32.mul (local.get $W) (local.get $cBytes)))
    (local.set $o (local.get $dy))
    (block $nDone (loop $nLoop
      (br_if $nDone (i32.ge_u (local.get $n) (local.get $N)))
      (local.set $oh (i32.const 0))
      (block $ohDone (loop $ohLoop
        (br_if $ohDone (i32.ge_u (local.get $oh) (local.get $OH)))
        (local.set $r0 (i32.add (i32.mul (local.get $n) (i32.mul (local.get $H) (local.get $rowBytes)))
                                (i32.mul (i32.shl (local.get $oh) (i32.const 1)) (local.get $rowBytes))))
        (local.set $ow (i32.const 0))
        (block $owDone (loop $owLoop
          (br_if $owDone (i32.ge_u (local.get $ow) (local.get $OW)))
          (local.set $a (i32.add (local.get $r0) (i32.mul (i32.shl (local.get $ow) (i32.const 1)) (local.get $cBytes))))
          (local.set $k (i32.const 0))
          (block $kDone (loop $kLoop
            (br_if $kDone (i32.ge_u (local.get $k) (local.get $cBytes)))
            (local.set $off (i32.add (local.get $a) (local.get $k)))
            (local.set $va (v128.load (i32.add (local.get $x) (local.get $off))))
            (local.set $vb (v128.load (i32.add (i32.add (local.get $x) (local.get $off)) (local.get $cBytes))))
            (local.set $vc (v128.load (i32.add (i32.add (local.get $x) (local.get $off)) (local.get $rowBytes))))
            (local.set $vd (v128.load (i32.add (i32.add (i32.add (local.get $x) (local.get $off)) (local.get $rowBytes)) (local.get $cBytes))))
            (local.set $g (v128.load (local.get $o)))
            (local.set $mb (f32x4.gt (local.get $vb) (local.get $va)))
            (local.set $best (v128.bitselect (local.get $vb) (local.get $va) (local.get $mb)))
            (local.set $mc (f32x4.gt (local.get $vc) (local.get $best)))
            (local.set $best (v128.bitselect (local.get $vc) (local.get $best) (local.get $mc)))
            (local.set $md (f32x4.gt (local.get $vd) (local.get $best)))
            ;; winner masks: d = md; c = mc & !md; b = mb & !mc & !md; a = !(mb | mc | md)
            (v128.store (i32.add (local.get $dx) (local.get $off))
              (v128.andnot (local.get $g) (v128.or (local.get $mb) (v128.or (local.get $mc) (local.get $md)))))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $off)) (local.get $cBytes))
              (v128.and (local.get $g) (v128.andnot (local.get $mb) (v128.or (local.get $mc) (local.get $md)))))
            (v128.store (i32.add (i32.add (local.get $dx) (local.get $off)) (local.get $rowBytes))
              (v128.and (local.get $g) (v128.andnot (local.get $mc) (local.get $md))))
            (v128.store (i32.add (i32.add (i32.add (local.get $dx) (local.get $off)) (local.get $rowBytes)) (local.get $cBytes))
              (v128.and (local.get $g) (local.get $md)))
            (local.set $o (i32.add (local.get $o) (i32.const 16)))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $kLoop)))
          (local.set $ow (i32.add (local.get $ow) (i32.const 1)))
          (br $owLoop)))
        (local.set $oh (i32.add (local.get $oh) (i32.const 1)))
        (br $ohLoop)))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      (br $nLoop))))
)
