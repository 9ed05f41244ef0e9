// The one place the UI imports the Rust contract from. Points at the generated bindings.
export * from './bindings.stub';
