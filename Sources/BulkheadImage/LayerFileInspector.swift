/// Sees the contents of regular files in every layer as the layers stream by — including files a
/// later layer deletes or replaces, which the merged tree no longer shows (secret scanning).
///
/// The resolver calls ``wants(path:size:mode:)`` for every regular file of every layer, then
/// ``inspect(layer:path:size:stream:)`` for the wanted ones with a function that streams the
/// contents in pieces. Layers are read one after another on the calling thread; an inspector may
/// hand work to other threads but must be done with it when ``finishLayers()`` returns.
public protocol LayerFileInspector: AnyObject, Sendable {
    func wants(path: String, size: Int, mode: UInt32) -> Bool
    /// - Parameters:
    ///   - layer: the layer's digest (as in `FileEntry.layer`).
    ///   - path: absolute path inside the image.
    ///   - stream: call it once with a body that receives each piece and returns false to stop early.
    func inspect(layer: String, path: String, size: Int,
                 stream: ((UnsafeRawBufferPointer) -> Bool) throws(ImageError) -> Void) throws(ImageError)
    /// Every layer has been read.
    func finishLayers()
}
