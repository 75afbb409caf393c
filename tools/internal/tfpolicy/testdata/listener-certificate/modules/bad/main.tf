# An HTTPS listener on a certificate ARN handed in from outside: it must already be issued.
resource "aws_lb_listener" "https" {
  load_balancer_arn = var.load_balancer_arn
  port              = 443
  protocol          = "HTTPS"
  certificate_arn   = var.certificate_arn
}

# A plain HTTP listener needs no certificate.
resource "aws_lb_listener" "http" {
  load_balancer_arn = var.load_balancer_arn
  port              = 80
  protocol          = "HTTP"
}
