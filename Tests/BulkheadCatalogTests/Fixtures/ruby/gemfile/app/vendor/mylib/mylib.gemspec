Gem::Specification.new do |s|
  s.name = "mylib"
  s.version = "0.1.0"
  s.summary = "local library"
  s.authors = ["Bulkhead"]
  s.license = "MIT"
  s.files = []
  s.add_dependency "rack", ">= 2.0"
end
