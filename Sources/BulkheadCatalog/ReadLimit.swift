/// Size limits for the files catalogers read (hostile input is ordinary input).
enum ReadLimit {
    static let packageDatabase = 64 << 20
    static let metadata = 1 << 20
    static let fileList = 16 << 20
    static let releaseFile = 64 << 10
}
